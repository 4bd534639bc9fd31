// Field conversion shared by the profile readers.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "trappe/eval/profile_reader.hpp"
#include "trappe/plan/plan.hpp"

namespace trappe {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<std::int64_t> parse_integer(std::string_view s) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::string range_text(const type_info& t) { return std::to_string(t.lo) + ".." + std::to_string(t.hi); }

}  // namespace

std::string parse_field(const plan& p, std::size_t index, std::string_view text, profile& into) {
    const program& rules = p.rules();
    const symbol& input = rules.symbols[p.inputs()[index]];
    const type_info& t = rules.types[input.type];
    if (text.empty() || text == "ikke_vurderet") {
        if (input.required) return "is required and cannot be ikke vurderet";
        into.set_unassessed(index);
        return "";
    }
    switch (t.kind) {
        case type_kind::string: into.set_text(index, std::string(text)); return "";
        case type_kind::boolean: {
            const std::string v = lower(text);
            if (v == "true" || v == "ja" || v == "1") into.set(index, 1);
            else if (v == "false" || v == "nej" || v == "0") into.set(index, 0);
            else return "expected true/false (or ja/nej, 1/0)";
            return "";
        }
        case type_kind::date: {
            const auto d = parse_date(text);
            if (!d) return "expected a date as YYYY-MM-DD";
            into.set(index, *d);
            return "";
        }
        case type_kind::integer: {
            const auto v = parse_integer(text);
            if (!v) return "expected a whole number";
            if (t.bounded && (*v < t.lo || *v > t.hi)) return "number out of range " + range_text(t);
            into.set(index, *v);
            return "";
        }
        case type_kind::level:
        case type_kind::enumeration: {
            std::optional<std::int64_t> v = t.value_of(std::string(text));
            for (std::int64_t k = t.lo; !v && k <= t.hi; ++k)
                if (!t.value_labels.empty() && t.value_labels[static_cast<std::size_t>(k - t.lo)] == text) v = k;
            if (!v && t.kind == type_kind::level) {
                v = parse_integer(text);
                if (!v) return "expected a level " + range_text(t) + " or its name";
                if (*v < t.lo || *v > t.hi) return "level out of range " + range_text(t);
            }
            if (!v) {
                std::string names;
                for (const std::string& n : t.value_names) names += (names.empty() ? "" : ", ") + n;
                return "expected one of: " + names;
            }
            into.set(index, *v);
            return "";
        }
    }
    return "unsupported type";
}

std::vector<profile_row> read_profiles(const plan& p, const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read profiles from '" + path.string() + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    return lower(path.extension().string()) == ".csv" ? read_csv_profiles(p, text) : read_json_profiles(p, text);
}

}  // namespace trappe
