// trappe verify: the pack over every possible profile (src/analysis/verify.cpp).

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "parameter_settings.hpp"
#include "trappe/analysis/properties.hpp"
#include "trappe/analysis/verify.hpp"

namespace trappe::cli {

namespace {

const command_spec spec{"verify",
                        "usage: trappe verify <rules> [--json] [--set NAME=VALUE]...\n"
                        "\n"
                        "Explores every profile the pack can be given (every value of every assessed item; ikke\n"
                        "vurderet for items only known() reads; every outcome of the date conditions) and reports:\n"
                        "recommended steps with no granted offer on them, `first` rules and `match` arms that never\n"
                        "fire or are always shadowed, offers never granted, criteria always true or always false for\n"
                        "adults, and regions it could not decide. Each finding about something that happens comes\n"
                        "with a counterexample profile. Then checks the pack's `property` declarations: each holds,\n"
                        "is violated (with the smallest counterexample: for `monotone`, two profiles that differ in\n"
                        "one input) or is undecided. See docs/analysis.md.\n"
                        "  --json                   the report as JSON (schema trappe.verify/1)\n" +
                            set_usage(27) +
                            "Exit 0 when there are no findings and every property holds, 1 for findings, a property\n"
                            "that does not hold, or rule errors, 2 for wrong usage.\n",
                        {"--json"},
                        {},
                        1,
                        1,
                        {"--set"}};

// The value of one input as the rule author reads it: labels, dates, "ikke vurderet".
std::string shown(const type_info& t, bool assessed, std::int64_t v) {
    if (!assessed) return "ikke vurderet";
    if (t.kind == type_kind::date) return format_date(static_cast<day_number>(v));
    return t.display(v);
}

// The value as a profile file writes it, so `trappe eval` reads it back: levels
// and integers as numbers, enum values by name, dates as YYYY-MM-DD, null for ikke vurderet.
boost::json::value as_json(const type_info& t, bool assessed, std::int64_t v) {
    if (!assessed) return nullptr;
    switch (t.kind) {
        case type_kind::boolean: return v != 0;
        case type_kind::date: return boost::json::string(format_date(static_cast<day_number>(v)));
        case type_kind::enumeration:
            if (!t.value_name(v).empty()) return boost::json::string(t.value_name(v));
            return v;
        default: return v;
    }
}

std::string place(const program& rules, const location& at) {
    if (!at.valid()) return rules.pack_name;
    return rules.sources.path(at.file) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

void print_text(const plan& p, const analysis::verify_report& r) {
    const program& rules = p.rules();
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", r.seconds);
    std::cout << rules.pack_name << ": " << r.regions << " regions (" << r.date_cases << " date cases) in " << seconds
              << " s\n";
    for (std::size_t c = 0; c < r.date_case_conditions.size(); ++c)
        std::cout << "  date case " << c + 1 << ": " << r.date_case_conditions[c] << '\n';
    for (const analysis::finding& f : r.findings) {
        std::cout << place(rules, f.where) << ": " << f.subject << ": " << f.message << '\n';
        if (!f.counterexample) continue;
        std::cout << "  counterexample:";
        const profile& in = *f.counterexample;
        const char* separator = " ";
        for (std::size_t i = 0; i < p.inputs().size(); ++i) {
            const type_info& t = rules.type_of(p.inputs()[i]);
            if (t.kind == type_kind::string) continue;
            std::cout << separator << rules.symbols[p.inputs()[i]].name << " = " << shown(t, in.assessed[i] != 0, in.values[i]);
            separator = ", ";
        }
        std::cout << '\n';
    }
    std::cout << (r.findings.empty() ? "no findings" : std::to_string(r.findings.size()) + (r.findings.size() == 1 ? " finding" : " findings")) << '\n';
}

void print_json(const plan& p, const analysis::verify_report& r, const std::vector<analysis::property_check>& properties) {
    const program& rules = p.rules();
    boost::json::array findings;
    for (const analysis::finding& f : r.findings) {
        boost::json::object o;
        o["kind"] = analysis::to_string(f.kind);
        o["subject"] = f.subject;
        if (f.where.valid()) {
            o["file"] = rules.sources.path(f.where.file);
            o["line"] = f.where.line;
            o["column"] = f.where.column;
        }
        o["message"] = f.message;
        if (f.counterexample) {
            boost::json::object values;
            for (std::size_t i = 0; i < p.inputs().size(); ++i) {
                const type_info& t = rules.type_of(p.inputs()[i]);
                if (t.kind == type_kind::string) continue;
                values[rules.symbols[p.inputs()[i]].name] = as_json(t, f.counterexample->assessed[i] != 0, f.counterexample->values[i]);
            }
            o["counterexample"] = std::move(values);
        } else {
            o["counterexample"] = nullptr;
        }
        findings.push_back(std::move(o));
    }
    boost::json::object out;
    out["schema"] = "trappe.verify/1";
    out["pack"] = rules.pack_name;
    out["content_hash"] = rules.content_hash;
    out["regions"] = r.regions;
    out["incomplete_regions"] = r.incomplete;
    out["date_cases"] = r.date_cases;
    boost::json::array cases;
    for (const std::string& c : r.date_case_conditions) cases.push_back(boost::json::string(c));
    out["date_case_conditions"] = std::move(cases);
    out["seconds"] = r.seconds;
    out["findings"] = std::move(findings);
    out["properties"] = boost::json::parse(analysis::properties_json(p, properties));
    std::cout << boost::json::serialize(out) << '\n';
}

}  // namespace

// "5 properties hold", "3 properties: 1 holds, 2 violated".
std::string properties_summary(const std::vector<analysis::property_check>& checks) {
    std::size_t counts[3] = {0, 0, 0};  // holds, violated, undecided
    for (const analysis::property_check& c : checks) ++counts[static_cast<std::size_t>(c.verdict)];
    std::string out = std::to_string(checks.size());
    out += checks.size() == 1 ? " property" : " properties";
    if (counts[0] == checks.size()) {
        out += checks.size() == 1 ? " holds" : " hold";
        return out;
    }
    const char* separator = ": ";
    const char* words[3] = {" holds", " violated", " undecided"};
    for (std::size_t k = 0; k < 3; ++k) {
        if (counts[k] == 0) continue;
        out += separator;
        out += std::to_string(counts[k]);
        out += k == 0 && counts[k] > 1 ? " hold" : words[k];
        separator = ", ";
    }
    return out;
}

bool all_hold(const std::vector<analysis::property_check>& checks) {
    return std::all_of(checks.begin(), checks.end(),
                       [](const analysis::property_check& c) { return c.verdict == analysis::property_verdict::holds; });
}

int verify_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    const auto plan = load_plan(parsed.positional[0], parsed, spec);
    if (!plan) return 1;
    const analysis::verify_report report = analysis::verify(plan);
    const std::vector<analysis::property_check> properties = analysis::check_properties(plan);
    if (parsed.has("--json")) {
        print_json(*plan, report, properties);
    } else {
        print_text(*plan, report);
        if (!properties.empty())
            std::cout << analysis::properties_text(*plan, properties) << properties_summary(properties) << '\n';
    }
    return report.findings.empty() && all_hold(properties) ? 0 : 1;
}

}  // namespace trappe::cli
