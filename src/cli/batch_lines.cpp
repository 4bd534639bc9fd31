// Output lines of `trappe batch`; see batch_lines.hpp.

#include "batch_lines.hpp"

#include "text_escape.hpp"

namespace trappe::cli {

batch_lines::batch_lines(const plan& p, bool json) : p_(p), json_(json), outputs_(batch_outputs(p)) {}

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

std::string batch_lines::json(std::size_t o, std::int64_t v) const {
    const type_info& t = p_.rules().type_of(outputs_[o]);
    if (t.kind == type_kind::enumeration || t.kind == type_kind::date) return json_string(text(o, v));
    return text(o, v);
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
    out += "{\"row\":" + std::to_string(row) + ",\"borger_id\":" + json_string(id) + ",\"outputs\":{";
    for (std::size_t o = 0; o < outputs_.size(); ++o) {
        if (o > 0) out += ',';
        out += json_string(p_.rules().symbols[outputs_[o]].name) + ':';
        const std::int64_t a = results.lo(o, k), b = results.hi(o, k);
        out += a == b ? json(o, a) : "{\"from\":" + json(o, a) + ",\"to\":" + json(o, b) + "}";
    }
    out += determined ? "},\"determined\":true}\n" : "},\"determined\":false}\n";
}

}  // namespace trappe::cli
