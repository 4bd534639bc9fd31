// JSON profiles: one object, an array of objects, or JSON lines.

#include <boost/json.hpp>

#include <limits>

#include "trappe/eval/input_check.hpp"
#include "trappe/eval/profile_reader.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
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

profile_row read_object(const plan& p, const json::value& v, std::size_t row) {
    profile_row out;
    out.row = row;
    if (!v.is_object()) {
        out.errors.push_back({row, "", "expected a JSON object"});
        return out;
    }
    const json::object& obj = v.as_object();
    const program& rules = p.rules();
    profile values(p);
    for (const auto& [key, _] : obj)
        if (!p.input_index(std::string_view(key.data(), key.size())))
            out.errors.push_back({row, std::string(key), "unknown field"});
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

std::vector<profile_row> read_json_profiles(const plan& p, std::string_view text) {
    std::vector<profile_row> rows;
    // One document (an object or an array), or else JSON lines.
    boost::system::error_code ec;
    const json::value whole = json::parse(json::string_view(text.data(), text.size()), ec);
    if (!ec && whole.is_array()) {
        std::size_t row = 0;
        for (const json::value& v : whole.as_array()) rows.push_back(read_object(p, v, ++row));
        return rows;
    }
    if (!ec) {
        rows.push_back(read_object(p, whole, 1));
        return rows;
    }
    std::size_t row = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        ++row;
        boost::system::error_code line_ec;
        const json::value v = json::parse(json::string_view(line.data(), line.size()), line_ec);
        if (line_ec) {
            rows.push_back({row, std::nullopt, {{row, "", "not valid JSON (" + line_ec.message() + ")"}}});
            continue;
        }
        rows.push_back(read_object(p, v, row));
    }
    return rows;
}

}  // namespace trappe
