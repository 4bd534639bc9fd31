// JSON profiles: one object, an array of objects, or JSON lines.

#include <boost/json.hpp>

#include <limits>

#include "common/utf8.hpp"
#include "json_plain_line.hpp"
#include "json_profile_reader.hpp"
#include "trappe/eval/input_check.hpp"
#include "trappe/eval/profile_reader.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
namespace detail {
namespace {

namespace json = boost::json;

// A JSON true/false or whole number for input `index`: accepted where Python
// dicts accept one (booleans, integers, levels), then checked like any value.
std::string read_scalar(const plan& p, std::size_t index, const json::value& field, profile& into) {
    const program& rules = p.rules();
    const type_info& type = rules.type_of(p.inputs()[index]);
    const bool is_bool = field.is_bool();
    if (is_bool ? type.kind != type_kind::boolean
                : type.kind != type_kind::integer && type.kind != type_kind::level && type.kind != type_kind::boolean)
        return expected_form(type);
    // A number beyond int64 saturates, so the check words it as out of range.
    const std::int64_t v = is_bool ? std::int64_t{field.as_bool()}
                           : field.is_int64() ? field.as_int64()
                                              : std::numeric_limits<std::int64_t>::max();
    const input_rule rule = input_rule_for(rules, p.inputs()[index]);
    if (const input_problem problem = check_input(rule, true, v); problem != input_problem::none)
        return describe(problem, rule);
    into.set(index, v);
    return "";
}

// `duplicate`: the first key the object held twice (its last value is in `v`), or null.
profile_row read_object(const plan& p, const json::value& v, std::size_t row, const std::string* duplicate) {
    profile_row out;
    out.row = row;
    if (!v.is_object()) {
        out.errors.push_back({row, "", "expected a JSON object"});
        return out;
    }
    const json::object& obj = v.as_object();
    const program& rules = p.rules();
    profile values(p);
    if (duplicate != nullptr) out.errors.push_back({row, *duplicate, "duplicated key"});
    // A field the rules declare but this pack never reads (an imported pack's) is ignored.
    for (const auto& [key, _] : obj) {
        const std::string_view name(key.data(), key.size());
        if (!p.input_index(name) && !p.ignores_field(name)) out.errors.push_back({row, std::string(key), "unknown field"});
    }
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const std::string& name = rules.symbols[p.inputs()[i]].name;
        const type_info& type = rules.type_of(p.inputs()[i]);
        const json::value* field = obj.if_contains(name);
        std::string problem;
        if (field == nullptr) {
            problem = "missing field (write null for ikke vurderet)";
        } else if (field->is_null()) {
            problem = parse_field(p, i, "", values);
        } else if (field->is_string()) {
            const json::string& s = field->as_string();
            problem = parse_field(p, i, std::string_view(s.data(), s.size()), values);
            if (problem.empty() && s.empty() && type.kind != type_kind::string)
                problem = "empty text; use null for ikke vurderet";
        } else if (field->is_bool() || field->is_int64() || field->is_uint64()) {
            problem = read_scalar(p, i, *field, values);
        } else {
            problem = "unexpected JSON value type";
        }
        if (!problem.empty()) out.errors.push_back({row, name, problem});
    }
    if (out.errors.empty()) out.values = std::move(values);
    return out;
}

}  // namespace

profile_row read_json_line(const plan& p, std::string_view line, std::size_t row) {
    // A plain line is ASCII (json_plain_line.hpp), so it needs no UTF-8 check.
    if (auto plain = read_plain_json_line(p, line)) return {row, std::move(plain), {}};
    return read_json_line_exact(p, line, row);
}

profile_row read_json_line_exact(const plan& p, std::string_view line, std::size_t row) {
    // Named before parsing: the parser's own word for a bad byte is "syntax error".
    if (const auto bad = detail::first_invalid_utf8(line))
        return {row, std::nullopt, {{row, "", "not valid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line"}}};
    const json_document document = parse_json_document(line);
    if (document.error) return {row, std::nullopt, {{row, "", "not valid JSON (" + document.error.message() + ")"}}};
    return read_object(p, document.value, row, document.duplicates.empty() ? nullptr : &document.duplicates[0].second);
}

std::vector<profile_row> read_json_document(const plan& p, const json_document& document) {
    std::vector<profile_row> rows;
    const auto duplicate_of = [&](std::size_t index) -> const std::string* {
        for (const auto& [at, key] : document.duplicates)
            if (at == index) return &key;
        return nullptr;
    };
    if (!document.value.is_array()) {
        rows.push_back(read_object(p, document.value, 1, duplicate_of(0)));
        return rows;
    }
    const json::array& elements = document.value.as_array();
    for (std::size_t i = 0; i < elements.size(); ++i) rows.push_back(read_object(p, elements[i], i + 1, duplicate_of(i)));
    return rows;
}

}  // namespace detail

std::vector<profile_row> read_json_profiles(const plan& p, std::string_view text) {
    // One plain object (the common case of a service request) needs no JSON value built.
    if (auto plain = detail::read_plain_json_line(p, text)) return {{1, std::move(plain), {}}};
    // One document (an object or an array), or else JSON lines.
    const detail::json_document whole = detail::parse_json_document(text);
    if (!whole.error) return detail::read_json_document(p, whole);
    std::vector<profile_row> rows;
    std::size_t row = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        rows.push_back(detail::read_json_line(p, line, ++row));
    }
    return rows;
}

}  // namespace trappe
