#include "parser/error_handler.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "parser/keywords.hpp"

namespace trappe::grammar {
namespace {

// The words that start a declaration (keywords.hpp).
#define TRAPPE_DECLARATION_WORD(word, starts) \
    if (starts) words.push_back(#word);
std::vector<std::string_view> declaration_words() {
    std::vector<std::string_view> words;
    TRAPPE_KEYWORDS(TRAPPE_DECLARATION_WORD)
    return words;
}
#undef TRAPPE_DECLARATION_WORD

// Whether text that fails to parse from its first declaration on is still rule text
// with a mistake: it starts with a declaration keyword and a space ("define x =").
// A profile file starts with '{', a number or a field name; even a CSV column named
// like a keyword is followed by a separator, not a space.
bool starts_like_rules(const char* p, const char* end) {
    static const std::vector<std::string_view> starters = declaration_words();
    const char* word_end_at = p;
    while (word_end_at < end && (std::isalnum(static_cast<unsigned char>(*word_end_at)) != 0 || *word_end_at == '_'))
        ++word_end_at;
    if (word_end_at == end || *word_end_at != ' ') return false;
    const std::string_view word(p, static_cast<std::size_t>(word_end_at - p));
    return std::find(starters.begin(), starters.end(), word) != starters.end();
}

std::string describe_found(const char* p, const char* end) {
    if (p >= end) return "end of file";
    std::string token;
    while (p < end && token.size() < 20 && !std::isspace(static_cast<unsigned char>(*p))) token += *p++;
    return "'" + token + "'";
}

}  // namespace

const char* skip_blank(const char* p, const char* end) {
    while (p < end) {
        if (*p == '#') {
            while (p < end && *p != '\n') ++p;
        } else if (std::isspace(static_cast<unsigned char>(*p)) != 0) {
            ++p;
        } else {
            break;
        }
    }
    return p;
}

rule_text::rule_text(const source_manager& sources, file_id id, diagnostics& diags, ast::file& out)
    : sources_(sources),
      id_(id),
      begin_(sources.text(id).data()),
      end_(begin_ + sources.text(id).size()),
      diags_(diags),
      out_(out) {}

location rule_text::at(const char* p) const {
    return sources_.locate(id_, static_cast<std::size_t>(skip_blank(p, end_) - begin_));
}

std::string rule_text::folded_text(const char* p, const char* last) const {
    std::string out;
    while (p < last) {
        const char* next = skip_blank(p, last);
        if (next != p) {
            if (!out.empty() && next < last) out += ' ';
            p = next;
            continue;
        }
        out += *p++;
    }
    return out;
}

void rule_text::start_declaration(const char* p) {
    declaration_start_ = p;
    resume_from_ = nullptr;
}

// A file whose first declaration fails, and that does not start like rule text,
// is most likely the profiles given in place of the rules: one diagnostic that
// quotes nothing, and no more parsing, since every line may be personal data.
bool rule_text::refuse_foreign() {
    if (parsed_any_ || starts_like_rules(declaration_start_, end_)) return false;
    diagnostic d;
    d.where = at(declaration_start_);
    d.message = "this does not look like a rule file (did you swap the rules and the profiles?)";
    d.show_source = false;
    diags_.add(std::move(d));
    refused_ = true;
    return true;
}

void rule_text::expectation_failed(const char* where, const std::string& what) {
    resume_from_ = where;
    if (refuse_foreign()) return;
    // When what was found is on a later line, the mistake is the unfinished line:
    // point just after its last character rather than at the next declaration.
    const char* found = skip_blank(where, end_);
    const char* line_end = where;
    while (line_end > begin_ && std::isspace(static_cast<unsigned char>(line_end[-1])) != 0) --line_end;
    const bool later_line = std::find(line_end, found, '\n') != found;
    diags_.error(later_line ? sources_.locate(id_, static_cast<std::size_t>(line_end - begin_)) : at(found),
                 "expected " + what + " but found " + describe_found(found, end_));
}

void rule_text::no_declaration(const char* where) {
    resume_from_ = where;
    if (refuse_foreign()) return;
    diags_.error(at(where), "expected a declaration (type, input, param, define, criterion, offer, output, "
                            "test, ...) but found " + describe_found(where, end_));
}

void rule_text::invalid_date(const char* where, std::string_view text) {
    diags_.error(at(where), "invalid date '" + std::string(text) + "' (expected a real date as YYYY-MM-DD)");
}

void rule_text::limit_passed(const limit_exceeded& limit) {
    resume_from_ = limit.where;
    if (refuse_foreign()) return;
    diags_.error(at(limit.where), limit.message);
}

// After an error, continue at the next line that starts a declaration in column 1.
// Where the error itself is at such a line start (an unfinished declaration
// followed by the next one), continue right there.
const char* rule_text::next_declaration() const {
    const char* p = skip_blank(resume_from_, end_);
    if (p > declaration_start_ && p < end_ && (p == begin_ || p[-1] == '\n') &&
        std::isalpha(static_cast<unsigned char>(*p)) != 0)
        return p;
    p = resume_from_;
    while (p < end_) {
        while (p < end_ && *p != '\n') ++p;
        if (p < end_) ++p;
        if (p < end_ && (std::isalpha(static_cast<unsigned char>(*p)) != 0)) return p;
    }
    return end_;
}

}  // namespace trappe::grammar
