// JSON lines into columns; see json_block_reader.hpp. A line goes first through
// the plain scanner (json_plain_scan.hpp), then through Boost.JSON's parser with a
// handler; each says no to anything the exact reader (profile_json.cpp) would word
// as a problem, and the line then goes there.

#include "json_block_reader.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstring>

#include "json_plain_scan.hpp"
#include "json_profile_reader.hpp"
#include "record_lines.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {
namespace {

namespace json = boost::json;

// The keys of one line: each an input of the pack, once. Looks up first the input
// whose key followed the previous key on the line before: lines written by a
// program keep one order, whichever it is.
class line_keys {
public:
    explicit line_keys(const plan& p) : p_(p), seen_(p.inputs().size()), next_(p.inputs().size(), p.inputs().size()) {
        for (const symbol_id s : p.inputs()) names_.push_back(p.rules().symbols[s].name);
    }

    void start() {
        std::fill(seen_.begin(), seen_.end(), 0);
        ignored_seen_.clear();
        count_ = 0;
    }
    /// The input named `key`, when it is one and not seen before on the line.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view key) {
        const std::size_t guess = count_ == 0 ? first_ : next_[last_];
        std::optional<std::size_t> i;
        if (guess < names_.size() && names_[guess] == key) i = guess;
        else i = p_.input_index(key);
        if (!i || seen_[*i]) return std::nullopt;
        if (count_ == 0) first_ = *i;
        else next_[last_] = *i;
        seen_[*i] = 1;
        ++count_;
        last_ = *i;
        return i;
    }
    /// Whether every input had its key.
    [[nodiscard]] bool complete() const noexcept { return count_ == names_.size(); }

    /// Whether `key` names a field the pack ignores, not seen before on the line
    /// (a repeated key is an error of the row, ignored or not).
    [[nodiscard]] bool ignorable(std::string_view key) {
        if (!p_.ignores_field(key)) return false;
        for (const std::string& seen : ignored_seen_)
            if (seen == key) return false;
        ignored_seen_.emplace_back(key);
        return true;
    }

private:
    const plan& p_;
    std::vector<std::uint8_t> seen_;
    std::vector<std::string_view> names_;  // of each input
    std::vector<std::size_t> next_;        // per input: the input whose key came next last time
    std::vector<std::string> ignored_seen_;  // keys of ignored fields on this line
    std::size_t first_ = 0, last_ = 0, count_ = 0;
};

// The parser's events for one line: a flat object whose keys are the pack's
// inputs, each once, with values their field_reader takes.
class line_handler {
public:
    static constexpr std::size_t max_object_size = 4096;
    static constexpr std::size_t max_array_size = 0;
    static constexpr std::size_t max_key_size = 256;
    static constexpr std::size_t max_string_size = std::size_t{1} << 20;

    line_handler(const std::vector<field_reader>& fields, line_keys& keys) : fields_(fields), keys_(keys) {}

    void start(profile_block& block, std::size_t k) {
        block_ = &block;
        k_ = k;
        depth_ = 0;
        keys_.start();
    }

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_array_begin(json::error_code&) { return false; }
    bool on_array_end(std::size_t, json::error_code&) { return false; }
    bool on_object_begin(json::error_code&) { return depth_++ == 0; }
    bool on_object_end(std::size_t, json::error_code&) { return true; }
    bool on_comment_part(json::string_view, json::error_code&) { return false; }
    bool on_comment(json::string_view, json::error_code&) { return false; }
    bool on_number_part(json::string_view, json::error_code&) { return true; }
    // Values the exact reader takes only for a field the pack ignores.
    bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return ignore_value_; }
    bool on_double(double, json::string_view, json::error_code&) { return ignore_value_; }

    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        part_.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        std::string_view key(s.data(), s.size());
        if (!part_.empty()) key = part_.append(s.data(), s.size());
        const std::optional<std::size_t> i = keys_.find(key);
        ignore_value_ = !i && keys_.ignorable(key);
        part_.clear();
        if (i) input_ = *i;
        return i.has_value() || ignore_value_;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        part_.append(s.data(), s.size());
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        std::string_view text(s.data(), s.size());
        if (!part_.empty()) text = part_.append(s.data(), s.size());
        if (ignore_value_) {
            part_.clear();
            return true;
        }
        const field_reader& f = fields_[input_];
        std::int64_t value = 0;
        bool assessed = false;
        // An empty string is "empty text; use null" for every type but text.
        const bool ok = (!text.empty() || f.is_text()) && f.read_text(text, value, assessed);
        if (ok) {
            if (!f.is_text()) block_->set(k_, input_, value, assessed);
            else if (assessed) block_->set_text(k_, input_, text);
        }
        part_.clear();
        return ok;
    }
    bool on_int64(std::int64_t v, json::string_view, json::error_code&) {
        if (ignore_value_) return true;
        if (!fields_[input_].read_number(v)) return false;
        block_->set(k_, input_, v, true);
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        if (ignore_value_) return true;
        if (!fields_[input_].read_literal()) return false;
        block_->set(k_, input_, b ? 1 : 0, true);
        return true;
    }
    bool on_null(json::error_code&) {
        if (ignore_value_) return true;
        if (!fields_[input_].read_null()) return false;
        block_->set(k_, input_, 0, false);
        return true;
    }

private:
    const std::vector<field_reader>& fields_;
    line_keys& keys_;
    std::string part_;
    profile_block* block_ = nullptr;
    std::size_t k_ = 0, input_ = 0, depth_ = 0;
    bool ignore_value_ = false;  // the value of a field the pack ignores: read, not stored
};

// The block's side of plain_json::scan_line: keys looked for in the order of the
// line before, values taken as line_handler takes them.
class plain_line_reader {
public:
    // One input, with what its values need in one place.
    struct slot {
        plain_json::key_text key;
        const field_reader* reader;
        std::size_t input;
        std::size_t place;  // in order_
        bool digit;         // a level stored as one digit in an i8 column
        bool boolean;       // takes true and false (read_literal), into an i8 column
        bool text;          // a string input
        bool required;      // null is not taken (read_null)
    };
    using field = const slot*;

    plain_line_reader(const plan& p, const std::vector<field_reader>& fields) : p_(p) {
        slots_.reserve(p.inputs().size());  // order_ points into it
        for (std::size_t i = 0; i < p.inputs().size(); ++i) {
            const field_reader& f = fields[i];
            slots_.push_back({plain_json::key_text(p.rules().symbols[p.inputs()[i]].name), &f, i, i,
                              f.one_digit() && f.column_type() == element_type::i8,
                              f.read_literal() && f.column_type() == element_type::i8, f.is_text(), !f.read_null()});
            order_.push_back(&slots_.back());
        }
    }
    plain_line_reader(const plain_line_reader&) = delete;
    plain_line_reader& operator=(const plain_line_reader&) = delete;

    /// Row k of `block` takes the values of a line of `text`.
    void into(profile_block& block, std::size_t k, std::string_view text) {
        block_ = &block;
        k_ = k;
        readable_ = text.data() + text.size();
    }

    [[nodiscard]] std::size_t inputs() const noexcept { return slots_.size(); }
    // The key compared up to 64 bytes at once, past the line's end where the text
    // goes on: it holds no line break, so it matches only within the line. The
    // slots at the places before `position` are the keys on the line so far (find
    // keeps them), so this one was not among them.
    [[nodiscard]] const char* expected_key(std::size_t position, const char* at, const char*, field& input) const {
        const slot* s = order_[position];
        if (!s->key.starts(at, readable_)) return nullptr;
        input = s;
        return at + s->key.size();
    }
    // Learns the place of an input's key: swapped with the one expected there, so
    // order_ stays a permutation whose places before `position` are this line's.
    [[nodiscard]] bool find(std::string_view key, std::size_t position, field& input) {
        const std::optional<std::size_t> i = p_.input_index(key);
        if (!i) return false;
        slot* s = &slots_[*i];
        if (s->place < position) return false;  // its key was on the line before
        slot* expected = order_[position];
        std::swap(order_[position], order_[s->place]);
        expected->place = s->place;
        s->place = position;
        input = s;
        return true;
    }

    [[nodiscard]] bool null(field s) {
        if (s->required) return false;
        block_->set(k_, s->input, 0, false);
        return true;
    }
    [[nodiscard]] bool literal(field s, bool value) {
        if (!s->boolean) return false;
        block_->set_byte(k_, s->input, value ? 1 : 0);  // a boolean's column is i8
        return true;
    }
    [[nodiscard]] bool number(field s, std::int64_t value) {
        if (s->digit && static_cast<std::uint64_t>(value) <= 9) {  // a one-digit level
            if (!s->reader->in_range(value)) return false;
            block_->set_byte(k_, s->input, static_cast<std::uint8_t>(value));
            return true;
        }
        if (!s->reader->read_number(value)) return false;
        block_->set(k_, s->input, value, true);
        return true;
    }
    [[nodiscard]] bool string(field s, std::string_view text) {
        if (s->text) {
            // Plain text is valid UTF-8; "" and ikke_vurderet are not assessed.
            if (!text.empty() && text != "ikke_vurderet") block_->set_text(k_, s->input, text);
            else if (s->required) return false;
            else block_->set_unassessed(k_, s->input);
            return true;
        }
        const field_reader& f = *s->reader;
        std::int64_t value = 0;
        bool assessed = false;
        // An empty string is "empty text; use null" for every type but text.
        if ((text.empty() && !f.is_text()) || !f.read_text(text, value, assessed)) return false;
        if (!f.is_text()) block_->set(k_, s->input, value, assessed);
        else if (assessed) block_->set_text(k_, s->input, text);
        return true;
    }

private:
    const plan& p_;
    std::vector<slot> slots_;   // per input
    std::vector<slot*> order_;  // per place on a line: the input whose key stood there last
    profile_block* block_ = nullptr;
    std::size_t k_ = 0;
    const char* readable_ = nullptr;  // the end of the text
};

}  // namespace

struct json_block_reader::state {
    const plan& p;
    std::vector<field_reader> fields;
    plain_line_reader plain;
    std::size_t plain_lines = 0;
    line_keys keys;
    json::basic_parser<line_handler> parser;

    state(const plan& pl, std::vector<field_reader> f)
        : p(pl), fields(std::move(f)), plain(pl, fields), keys(pl), parser(json::parse_options{}, fields, keys) {}

    // The line at `at` by the plain scanner, which sets every input of a line it
    // takes: the start of the next line, or null.
    const char* read_plain(const char* at, std::string_view text, profile_block& block, std::size_t k) {
        plain.into(block, k, text);
        return plain_json::scan_json_line(at, text.data() + text.size(), plain);
    }

    bool read_parsed(std::string_view line, profile_block& block, std::size_t k) {
        parser.reset();
        parser.handler().start(block, k);
        json::error_code ec;
        const std::size_t used = parser.write_some(false, line.data(), line.size(), ec);
        return !ec && parser.done() && keys.complete() && blank_line(line.substr(used));
    }
};

namespace {

std::vector<field_reader> fields_of(const plan& p) {
    std::vector<field_reader> fields;
    for (std::size_t i = 0; i < p.inputs().size(); ++i) fields.emplace_back(p, i);
    return fields;
}

}  // namespace

json_block_reader::json_block_reader(const plan& p) : s_(std::make_unique<state>(p, fields_of(p))) {}
json_block_reader::~json_block_reader() = default;
json_block_reader::json_block_reader(json_block_reader&&) noexcept = default;

std::size_t json_block_reader::plain_lines() const noexcept { return s_->plain_lines; }

std::size_t json_block_reader::read(std::string_view text, profile_block& block) {
    std::size_t row = 0;
    const char* at = text.data();
    const char* const end = at + text.size();
    while (at < end) {
        // A plain line is scanned to its end; any other is cut at its line break.
        if (const char* next = s_->read_plain(at, text, block, block.begin_full_row(row + 1))) {
            ++row;
            ++s_->plain_lines;
            at = next;
            continue;
        }
        block.drop_row();
        const auto* eol = static_cast<const char*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at)));
        if (eol == nullptr) eol = end;
        const std::string_view line(at, static_cast<std::size_t>(eol - at));
        at = eol == end ? end : eol + 1;
        if (blank_line(line)) continue;  // no row
        ++row;
        if (s_->read_parsed(line, block, block.begin_row(row))) continue;
        block.drop_row();
        block.add(read_json_line_exact(s_->p, line, row), row);  // both fast paths said no
    }
    return row;
}

}  // namespace trappe::detail
