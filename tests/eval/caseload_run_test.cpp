// The columnar caseload run (src/eval/caseload_run.hpp) against the exact readers
// and evaluate_batch, on populations with lines broken at random, in CSV and JSON
// lines, on one and two threads, with parts and pieces of random size.

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <sstream>

#include "caseload_agreement.hpp"
#include "test_support.hpp"
#include "trappe/population/synthetic.hpp"

namespace trappe {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The records of the CSV output: its decision lines, whose line breaks inside
// quoted cells do not count (a broken JSON line can give an id with an escaped line
// break, which its CSV cell keeps), and the agreement helper's error lines
// ("row|field|message;", whose JSON strings may hold quotes).
std::size_t csv_records(const std::string& text) {
    std::size_t records = 0;
    bool quoted = false;  // inside a quoted cell of a decision line
    for (const std::string& line : lines_of(text)) {
        const bool error_line = !quoted && line.find('|') != std::string::npos &&
                                line.find_first_not_of("0123456789") == line.find('|');
        if (!error_line)
            for (const char c : line) quoted = quoted != (c == '"');
        if (!quoted) ++records;
    }
    return records;
}

// A CSV data line as the JSON line a program would write: levels as numbers,
// booleans as literals, empty cells as null, the rest as strings.
std::string json_line(const plan& p, const std::vector<std::string>& header, const std::string& csv_line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(csv_line);
    while (std::getline(in, cell, ',')) cells.push_back(cell);
    if (!csv_line.empty() && csv_line.back() == ',') cells.emplace_back();
    std::string out = "{";
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string& v = c < cells.size() ? cells[c] : std::string();
        const type_kind kind = p.rules().type_of(p.inputs()[*p.input_index(header[c])]).kind;
        out += (c ? ",\"" : "\"") + header[c] + "\":";
        if (v.empty() && kind != type_kind::string) out += "null";
        else if (kind == type_kind::level || kind == type_kind::boolean) out += v;
        else out += "\"" + v + "\"";
    }
    return out + "}";
}

// A line broken the way files are: bytes inserted, deleted or repeated.
std::string break_line(std::string line, std::mt19937_64& rng) {
    static const std::string inserts[] = {",", "\"", "\"\"", "\\", "x", "\r", "{", "}", ":", "\xC3\xA6", "\xFF", " ", "9", "-", "null"};
    const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const std::size_t edits = 1 + pick(3);
    for (std::size_t e = 0; e < edits && !line.empty(); ++e) {
        const std::size_t at = pick(line.size());
        switch (pick(3)) {
            case 0: line.insert(at, inserts[pick(std::size(inserts))]); break;
            case 1: line.erase(at, 1 + pick(4)); break;
            default: line.insert(at, line.substr(at, 1 + pick(12))); break;
        }
    }
    return line;
}

TEST(CaseloadRunTest, AgreesWithTheExactReadersOnBrokenPopulations) {
    const auto plan = testing::roskilde();
    const char* given = std::getenv("TRAPPE_TEST_SEED");  // to rerun a failure's seed
    const std::uint64_t seed = given != nullptr ? std::stoull(given) : std::random_device{}();
    std::mt19937_64 rng(seed);
    SCOPED_TRACE("seed " + std::to_string(seed) + " (rerun with TRAPPE_TEST_SEED)");
    std::ostringstream csv;
    write_csv(synthetic_population(1500, seed), csv);
    const std::vector<std::string> lines = lines_of(csv.str());
    std::vector<std::string> header;
    {
        std::istringstream in(lines[0]);
        for (std::string cell; std::getline(in, cell, ',');) header.push_back(cell);
    }
    for (const double bad_rate : {0.0, 0.05, 0.3, 1.0}) {
        for (const bool json_in : {false, true}) {
            std::string text = json_in ? "" : lines[0] + "\n";
            for (std::size_t l = 1; l < lines.size(); ++l) {
                std::string line = json_in ? json_line(*plan, header, lines[l]) : lines[l];
                if (std::bernoulli_distribution(bad_rate)(rng)) line = break_line(line, rng);
                if (std::bernoulli_distribution(0.01)(rng)) text += "\n";  // a blank line is no row
                text += line + "\n";
            }
            for (const bool json_out : {false, true}) {
                const std::string expected = testing::expected_caseload(*plan, text, !json_in, json_out);
                for (const unsigned threads : {1u, 2u}) {
                    const std::size_t part_rows = 1 + std::uniform_int_distribution<std::size_t>(0, 400)(rng);
                    const std::size_t piece_bytes = std::uniform_int_distribution<std::size_t>(0, 90000)(rng);
                    SCOPED_TRACE(std::string(json_in ? "JSON lines" : "CSV") + " in, bad rate " + std::to_string(bad_rate) +
                                 ", " + std::to_string(threads) + " threads, parts of " + std::to_string(part_rows) +
                                 " rows, pieces of " + std::to_string(piece_bytes) + " bytes");
                    const std::string got =
                        testing::caseload_output(*plan, text, !json_in, json_out, threads, part_rows, piece_bytes);
                    const auto a = lines_of(expected), b = lines_of(got);
                    for (std::size_t r = 0; r < std::min(a.size(), b.size()); ++r) ASSERT_EQ(a[r], b[r]) << "row " << r + 1;
                    ASSERT_EQ(a.size(), b.size());
                    EXPECT_EQ(json_out ? b.size() : csv_records(got), lines.size() - 1) << "one record per row in";
                }
            }
        }
    }
}

TEST(CaseloadRunTest, AnEscapedQuoteOrALongLineStaysInItsRow) {
    const auto plan = testing::roskilde();
    std::ostringstream csv;
    write_csv(synthetic_population(50, 3), csv);
    const std::vector<std::string> lines = lines_of(csv.str());
    std::string text = "{\"borger_id\": \"a \\\"quoted\\\" id\"}\n";  // escapes, and missing fields
    text += std::string(200000, ' ') + "{}\n";                          // a line longer than a read
    for (int r = 0; r < 5; ++r) text += "{\"borger_id\": \"x\"}\n";
    const std::string expected = testing::expected_caseload(*plan, text, false, true);
    EXPECT_EQ(testing::caseload_output(*plan, text, false, true, 2, 1, 7), expected);
    EXPECT_EQ(lines_of(expected).size(), 7u);
}

TEST(CaseloadRunTest, SpreadsheetSafeCellsAreNeutralisedAndCarriageReturnsQuoted) {
    EXPECT_EQ(detail::csv_cell("=HYPERLINK(\"x\")", {true}), "\"'=HYPERLINK(\"\"x\"\")\"");
    EXPECT_EQ(detail::csv_cell("+45", {true}), "\"'+45\"");
    EXPECT_EQ(detail::csv_cell("@SUM", {true}), "\"'@SUM\"");
    EXPECT_EQ(detail::csv_cell("\t-1", {true}), "\"'\t-1\"");
    EXPECT_EQ(detail::csv_cell("-1", {}), "-1");
    EXPECT_EQ(detail::csv_cell("sag 7", {true}), "sag 7");
    EXPECT_EQ(detail::csv_cell("a\rb"), "\"a\rb\"");
    EXPECT_EQ(detail::csv_cell("a;b"), "\"a;b\"");
    EXPECT_EQ(detail::json_string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\u000a\\u0001\"");
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

// A pack that imports another: fields the imported pack declares but this one
// never reads may be carried, and are skipped (not stored, not checked) on the
// fast path as the exact readers skip them.
TEST(CaseloadRunTest, FieldsThePackIgnoresAreSkippedLikeTheExactReadersSkipThem) {
    const auto plan = testing::tvaergaende();
    ASSERT_NE(plan, nullptr);
    ASSERT_TRUE(plan->ignores_field("praktiske_opgaver"));
    std::vector<std::string> lines;
    {
        std::ifstream in("examples/profiles/tvaergaende-2025.jsonl");
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    ASSERT_FALSE(lines.empty());
    std::string text;
    for (const std::string& line : lines) {
        const std::string body = line.substr(1);  // after '{'
        text += line + "\n";                                                         // only its own fields
        text += "{\"praktiske_opgaver\": 3, " + body + "\n";                          // an ignored field
        text += "{\"praktiske_opgaver\": \"not a level\", \"misbrug\": 1.5, " + body + "\n";  // ignored, any value
        text += "{\"praktiske_opgaver\": 3, \"praktiske_opgaver\": 2, " + body + "\n";       // repeated: an error
        text += "{\"praktiske_opgaver\": {\"nested\": [1]}, " + body + "\n";                  // ignored, nested
        text += "{\"no_such_field\": 3, " + body + "\n";                                      // undeclared: an error
    }
    for (const bool json_out : {false, true})
        EXPECT_EQ(testing::caseload_output(*plan, text, false, json_out, 2, 3, 500),
                  testing::expected_caseload(*plan, text, false, json_out));

    // The same as CSV, with an ignored column among the pack's own.
    const auto rows = read_json_profiles(*plan, text);
    std::string csv = "praktiske_opgaver";
    for (const symbol_id s : plan->inputs()) csv += "," + plan->rules().symbols[s].name;
    csv += "\n";
    for (const profile_row& r : rows) {
        if (!r.values) continue;
        csv += std::to_string(r.row % 5);
        for (std::size_t i = 0; i < plan->inputs().size(); ++i) {
            const type_info& t = plan->rules().type_of(plan->inputs()[i]);
            csv += ",";
            if (!r.values->assessed[i]) continue;
            if (t.kind == type_kind::string) csv += r.values->texts[i];
            else if (t.kind == type_kind::date) csv += format_date(static_cast<day_number>(r.values->values[i]));
            else if (t.kind == type_kind::enumeration) csv += t.value_name(r.values->values[i]);
            else csv += std::to_string(r.values->values[i]);
        }
        csv += "\n";
    }
    EXPECT_EQ(testing::caseload_output(*plan, csv, true, false, 1, 4, 100), testing::expected_caseload(*plan, csv, true, false));
    EXPECT_EQ(testing::expected_caseload(*plan, csv, true, false).find('|'), std::string::npos) << "every CSV row reads";
}

}  // namespace
}  // namespace trappe
