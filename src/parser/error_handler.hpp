#pragma once
// The position and error handler of one rule file, passed to the grammar in its
// context as the X3 examples pass x3::error_handler. Rule ID classes derive from
// `annotate_position` (X3's annotate_on_success) and `report_expectation`
// (X3's error_handler_base). The public AST carries file:line:col locations, not
// Spirit's position_tagged iterators, so the handler turns iterators into
// locations itself.

#include <boost/spirit/home/x3.hpp>

#include <string>
#include <string_view>

#include "trappe/parser/parser.hpp"

namespace trappe::grammar {

namespace x3 = boost::spirit::x3;

// Skips white space and `#` comments, as the skipper does.
const char* skip_blank(const char* p, const char* end);

// Thrown when an expression passes a limit of parser.hpp; the driver reports it
// and resynchronises like after a syntax error.
struct limit_exceeded {
    const char* where;
    std::string message;
};

class rule_text {
public:
    rule_text(const source_manager& sources, file_id id, diagnostics& diags, ast::file& out);

    const char* begin() const { return begin_; }
    const char* end() const { return end_; }
    ast::file& out() const { return out_; }

    // Location of the first significant character at or after p.
    location at(const char* p) const;
    // The text of [first, last) with white space and comments folded into one space, for reports.
    std::string folded_text(const char* first, const char* last) const;

    // Called before each declaration is parsed.
    void start_declaration(const char* p);
    void declaration_parsed() { parsed_any_ = true; }

    // An expectation point failed: `what` was wanted at `where`. Reports it and
    // remembers where to resynchronise (see resume_from).
    void expectation_failed(const char* where, const std::string& what);
    // A declaration failed without a failed expectation: nothing here starts one.
    void no_declaration(const char* where);
    // A date literal that is no real date.
    void invalid_date(const char* where, std::string_view text);
    // An expression passed a limit of parser.hpp.
    void limit_passed(const limit_exceeded& limit);

    // Whether the declaration being parsed failed with a reported error.
    bool failed() const { return resume_from_ != nullptr; }
    // After a failed declaration: where the next one starts.
    const char* next_declaration() const;
    // Whether parsing stopped because the file is not rule text at all.
    bool refused() const { return refused_; }

    int depth = 0;  // expression levels open (see nesting.hpp)
    int terms = 1;  // terms of the current outermost expression

private:
    bool refuse_foreign();

    const source_manager& sources_;
    file_id id_;
    const char* begin_;
    const char* end_;
    diagnostics& diags_;
    ast::file& out_;
    const char* declaration_start_ = nullptr;
    const char* resume_from_ = nullptr;
    bool parsed_any_ = false;
    bool refused_ = false;
};

struct rule_text_tag;

template <typename Context>
rule_text& rule_text_of(const Context& context) {
    return x3::get<rule_text_tag>(context);
}

// Gives a rule's node the location of its first character (x3::annotate_on_success).
struct annotate_position {
    template <typename Iterator, typename Node, typename Context>
    void on_success(const Iterator& first, const Iterator&, Node& node, const Context& context) const {
        node.where = rule_text_of(context).at(first);
    }
};

// Reports a failed expectation point as a diagnostic; the rule then fails and
// the driver resynchronises at the next declaration (x3::error_handler_base).
struct report_expectation {
    template <typename Iterator, typename Exception, typename Context>
    x3::error_handler_result on_error(Iterator&, const Iterator&, const Exception& failure,
                                      const Context& context) const {
        rule_text_of(context).expectation_failed(failure.where(), failure.which());
        return x3::error_handler_result::fail;
    }
};

}  // namespace trappe::grammar
