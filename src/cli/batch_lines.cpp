// Output lines of `trappe batch`; see batch_lines.hpp.

#include "batch_lines.hpp"

#include <charconv>

#include "text_escape.hpp"

namespace trappe::cli {

batch_lines::batch_lines(const plan& p, bool json) : p_(p), json_(json), outputs_(batch_outputs(p)) {
    for (symbol_id s : outputs_) {
        keys_.push_back(json_string(p.rules().symbols[s].name) + ':');
        const type_info& t = p.rules().type_of(s);
        enum_names_.emplace_back();
        if (t.kind == type_kind::enumeration)
            for (std::int64_t v = t.lo; v <= t.hi; ++v) enum_names_.back().push_back(json_string(t.value_name(v)));
    }
}

namespace {

void append_number(std::string& out, std::int64_t v) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    out.append(digits, end);
}

}  // namespace

std::string batch_lines::header() const {
    if (json_) return "";
    std::string line = "row,borger_id";
    for (symbol_id s : outputs_) line += ',' + csv_field(p_.rules().symbols[s].name);
    return line + ",determined\n";
}

std::string batch_lines::text(std::size_t o, std::int64_t v) const {
    const type_info& t = p_.rules().type_of(outputs_[o]);
    switch (t.kind) {
        case type_kind::boolean: return v ? "true" : "false";
        case type_kind::date: return format_date(static_cast<day_number>(v));
        case type_kind::enumeration: return t.value_name(v);
        default: return std::to_string(v);
    }
}

void batch_lines::append_json(std::string& out, std::size_t o, std::int64_t v) const {
    const type_info& t = p_.rules().type_of(outputs_[o]);
    switch (t.kind) {
        case type_kind::boolean: out += v ? "true" : "false"; return;
        case type_kind::enumeration:
            if (v >= t.lo && v <= t.hi) out += enum_names_[o][static_cast<std::size_t>(v - t.lo)];
            else out += json_string(text(o, v));
            return;
        case type_kind::date: out += json_string(text(o, v)); return;
        default: append_number(out, v);
    }
}

void batch_lines::append(std::string& out, std::size_t row, std::string_view id, const chunk_evaluator& results,
                         std::size_t k) const {
    const bool determined = results.status(k) == row_status::determined;
    if (!json_) {
        out += std::to_string(row);
        out += ',';
        out += csv_field(id);
        for (std::size_t o = 0; o < outputs_.size(); ++o) {
            const std::int64_t a = results.lo(o, k), b = results.hi(o, k);
            out += ',';
            out += a == b ? text(o, a) : text(o, a) + ".." + text(o, b);
        }
        out += determined ? ",true\n" : ",false\n";
        return;
    }
    out += "{\"row\":";
    append_number(out, static_cast<std::int64_t>(row));
    out += ",\"borger_id\":";
    out += json_string(id);
    out += ",\"outputs\":{";
    for (std::size_t o = 0; o < outputs_.size(); ++o) {
        if (o > 0) out += ',';
        out += keys_[o];
        const std::int64_t a = results.lo(o, k), b = results.hi(o, k);
        if (a == b) {
            append_json(out, o, a);
            continue;
        }
        out += "{\"from\":";
        append_json(out, o, a);
        out += ",\"to\":";
        append_json(out, o, b);
        out += '}';
    }
    out += determined ? "},\"determined\":true}\n" : "},\"determined\":false}\n";
}

}  // namespace trappe::cli
