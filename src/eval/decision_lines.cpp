// Output lines of a caseload run; see decision_lines.hpp.

#include "decision_lines.hpp"

#include <charconv>
#include <cstring>

#include "trappe/common/date.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe::detail {
namespace {

constexpr std::size_t number_bound = 20;  // an int64 in decimal, with its sign
constexpr std::size_t date_bound = 12;    // "YYYY-MM-DD" with quotes (years 1800..2200 as inputs allow)
constexpr std::size_t slack = 32;         // piece::put moves 32 bytes at a time
// How a JSON line starts: the name of its schema (docs/schema/batch-row.schema.json).
constexpr std::string_view json_line_start = R"({"schema":"trappe.batch-row/1","row":)";

char* put_number(char* at, std::int64_t v) noexcept { return std::to_chars(at, at + number_bound, v).ptr; }

char* put_text(char* at, std::string_view s) noexcept {
    std::memcpy(at, s.data(), s.size());
    return at + s.size();
}

}  // namespace

namespace {

// The narrowest column for an output's values: booleans, levels and enums by
// their range, dates as day numbers; integers are not bounded by their type.
element_type output_type(const type_info& t) {
    switch (t.kind) {
        case type_kind::boolean: return element_type::i8;
        case type_kind::level:
        case type_kind::enumeration: return t.lo >= INT8_MIN && t.hi <= INT8_MAX ? element_type::i8 : element_type::i64;
        case type_kind::date: return element_type::i32;
        default: return element_type::i64;
    }
}

}  // namespace

block_results::block_results(const plan& p, std::size_t rows) : status_(std::max<std::size_t>(rows, 1)) {
    rows = std::max<std::size_t>(rows, 1);
    for (const symbol_id s : batch_outputs(p)) {
        types_.push_back(output_type(p.rules().type_of(s)));
        lo_.emplace_back(rows * element_size(types_.back()));
        hi_.emplace_back(rows * element_size(types_.back()));
        columns_.push_back({types_.back(), lo_.back().data(), hi_.back().data()});
    }
}

block_results::block_results(const plan& p, const std::vector<std::vector<std::int64_t>>& lo,
                             const std::vector<std::vector<std::int64_t>>& hi, std::vector<row_status> status)
    : status_(std::move(status)) {
    const std::size_t outputs = batch_outputs(p).size();
    for (std::size_t o = 0; o < outputs; ++o) {
        types_.push_back(element_type::i64);
        const std::size_t rows = o < lo.size() && o < hi.size() ? std::min(lo[o].size(), hi[o].size()) : 0;
        lo_.emplace_back(rows * 8);
        hi_.emplace_back(rows * 8);
        if (rows > 0) {
            std::memcpy(lo_.back().data(), lo[o].data(), rows * 8);
            std::memcpy(hi_.back().data(), hi[o].data(), rows * 8);
        }
        columns_.push_back({element_type::i64, lo_.back().data(), hi_.back().data()});
    }
}

decision_lines::piece decision_lines::make_piece(std::string text) {
    piece p;
    if (text.size() <= p.bytes.size()) std::memcpy(p.bytes.data(), text.data(), text.size());
    p.text = std::move(text);
    return p;
}

char* decision_lines::piece::copy(char* at, const std::string& text) noexcept { return put_text(at, text); }

decision_lines::decision_lines(const plan& p, bool json, csv_style style)
    : json_(json), style_(style), outputs_(batch_outputs(p)) {
    line_bound_ = 64 + json_line_start.size() + number_bound + slack;
    for (std::size_t o = 0; o < outputs_.size(); ++o) {
        const type_info& t = p.rules().type_of(outputs_[o]);
        output_names_.push_back(p.rules().symbols[outputs_[o]].name);
        kinds_.push_back(t.kind);
        first_value_.push_back(t.kind == type_kind::boolean ? 0 : t.lo);
        keys_.push_back(make_piece(json ? std::string(o == 0 ? "" : ",") + json_string(output_names_.back()) + ':' : ","));
        values_.emplace_back();
        std::size_t widest = std::max(number_bound, date_bound);
        if (t.kind == type_kind::boolean) {
            values_.back() = {make_piece("false"), make_piece("true")};
        } else if (t.kind == type_kind::enumeration) {
            for (std::int64_t v = t.lo; v <= t.hi; ++v) {
                values_.back().push_back(make_piece(json ? json_string(t.value_name(v)) : csv_cell(t.value_name(v), style)));
                widest = std::max(widest, values_.back().back().text.size());
            }
        }
        line_bound_ += keys_.back().text.size() + 2 * widest + 16 + slack;
        keyed_values_.emplace_back();
        for (const piece& v : values_.back()) keyed_values_.back().push_back(make_piece(keys_.back().text + v.text));
    }
}

std::string decision_lines::header() const {
    if (json_) return "";
    std::string line = "row,borger_id";
    for (const std::string& name : output_names_) {
        line += ',';
        append_csv_cell(line, name, style_);
    }
    return line + ",determined\n";
}

char* decision_lines::put_value(char* at, std::size_t o, std::int64_t v) const noexcept {
    if (named(o, v)) return values_[o][static_cast<std::size_t>(v - first_value_[o])].put(at);
    if (kinds_[o] != type_kind::date) return put_number(at, v);  // (an enum result never lies outside its type)
    const std::string date = format_date(static_cast<day_number>(v));
    if (json_) *at++ = '"';
    at = put_text(at, date);
    if (json_) *at++ = '"';
    return at;
}

char* decision_lines::put_output(char* at, std::size_t o, std::int64_t lo, std::int64_t hi) const noexcept {
    if (lo == hi && named(o, lo)) return keyed_values_[o][static_cast<std::size_t>(lo - first_value_[o])].put(at);
    at = keys_[o].put(at);
    if (lo == hi) return put_value(at, o, lo);
    // Undetermined: "lo..hi" in CSV, {"from": lo, "to": hi} in JSON.
    at = put_text(at, json_ ? "{\"from\":" : "");
    at = put_value(at, o, lo);
    at = put_text(at, json_ ? ",\"to\":" : "..");
    at = put_value(at, o, hi);
    if (json_) *at++ = '}';
    return at;
}

void decision_lines::append(text_buffer& out, std::size_t row, std::string_view id, const block_results& results,
                            std::size_t k) const {
    const bool determined = results.status(k) == row_status::determined;
    char* at = out.reserve(line_bound_ + std::max(json_string_bound(id.size()), csv_cell_bound(id.size())));
    if (!json_) {
        at = put_number(at, static_cast<std::int64_t>(row));
        *at++ = ',';
        at = put_csv_cell(at, id, style_);
        for (std::size_t o = 0; o < outputs_.size(); ++o) at = put_output(at, o, results.lo(o, k), results.hi(o, k));
        at = put_text(at, determined ? ",true\n" : ",false\n");
        out.commit(at);
        return;
    }
    at = put_text(at, json_line_start);
    at = put_number(at, static_cast<std::int64_t>(row));
    at = put_text(at, ",\"borger_id\":");
    at = put_json_string(at, id);
    at = put_text(at, ",\"outputs\":{");
    for (std::size_t o = 0; o < outputs_.size(); ++o) at = put_output(at, o, results.lo(o, k), results.hi(o, k));
    at = put_text(at, determined ? "},\"determined\":true}\n" : "},\"determined\":false}\n");
    out.commit(at);
}

}  // namespace trappe::detail
