// A consumer of an installed or embedded Trappe: the worked examples of the
// Roskilde pack, through the C++ API, the population library and the C ABI.
// Usage: consumer <rules/roskilde-2025> <worked-examples.jsonl>

#include <cstring>
#include <iostream>
#include <string>

#include "trappe/population/synthetic.hpp"
#include "trappe/trappe.h"
#include "trappe/trappe.hpp"

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
    if (!ok) {
        ++failures;
        std::cerr << "FAILED: " << what << '\n';
    }
}

std::string step_of(const trappe::decision& d) {
    const trappe::value_range v = *d.value("trin");
    return v.determined() ? std::to_string(v.lo) : std::to_string(v.lo) + ".." + std::to_string(v.hi);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: consumer <rules> <profiles.jsonl>\n";
        return 2;
    }
    const trappe::check_result checked = trappe::check_rules(argv[1]);
    if (!checked.ok()) {
        std::cerr << checked.report();
        return 1;
    }
    const auto plan = trappe::compile(checked.checked);

    // Steps from section 8 of the Roskilde quality standard: A 3, B 3, C 1, D 5, E 0..2.
    const char* expected[] = {"3", "3", "1", "5", "0..2"};
    std::size_t i = 0;
    for (const trappe::profile_row& row : trappe::read_profiles(*plan, argv[2])) {
        expect(row.values.has_value(), "row " + std::to_string(row.row) + " reads");
        if (!row.values || i >= 5) continue;
        const trappe::evaluation result = trappe::evaluate(*plan, *row.values);
        const auto* d = std::get_if<trappe::decision>(&result);
        expect(d != nullptr, "row " + std::to_string(row.row) + " evaluates");
        if (d) expect(step_of(*d) == expected[i], "row " + std::to_string(row.row) + " is at step " + expected[i] + ", not " + step_of(*d));
        ++i;
    }
    expect(i == 5, "five worked examples");

    // trappe::population links and its columns fit the pack.
    const trappe::population pop = trappe::synthetic_population(100, 1);
    std::vector<trappe::row_status> status(pop.rows);
    std::vector<std::vector<std::int64_t>> values(trappe::batch_outputs(*plan).size(), std::vector<std::int64_t>(pop.rows));
    std::vector<trappe::output_column> out;
    for (auto& v : values) out.push_back({trappe::element_type::i64, v.data(), nullptr});
    const trappe::batch_summary summary = trappe::evaluate_batch(*plan, pop.rows, pop.columns_for(*plan), out, status.data());
    expect(summary.rows == 100 && summary.determined + summary.undetermined + summary.errors == 100, "a population evaluates");

    // The C ABI from the same installation.
    expect(std::strcmp(trappe_version(), trappe::version_string) == 0, "libtrappe.so has the version of the headers");
    trappe_rules* rules = nullptr;
    expect(trappe_rules_load(argv[1], &rules) == TRAPPE_OK, "the C ABI loads the pack");
    expect(rules && std::string(trappe_rules_hash(rules)) == checked.checked->content_hash, "the C ABI sees the same pack");
    trappe_rules_free(rules);

    std::cout << (failures == 0 ? "consumer: the worked examples agree\n" : "consumer: failures\n");
    return failures == 0 ? 0 : 1;
}
