// The fast path for JSON lines must read a line exactly as the exact reader
// does, and give up on everything else (the exact reader then words the problem).

#include <algorithm>
#include <random>
#include <sstream>

#include "eval/json_plain_line.hpp"
#include "eval/json_profile_reader.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

std::vector<std::string> example_lines() {
    std::istringstream in(testing::read_file("examples/profiles/worked-examples.jsonl"));
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

std::string replace(std::string line, const std::string& from, const std::string& to) {
    const auto at = line.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) line.replace(at, from.size(), to);
    return line;
}

// The exact reader's row for one line, without the fast path.
profile_row exact(const plan& p, const std::string& line) {
    const detail::json_document document = detail::parse_json_document(line);
    if (document.error) return {1, std::nullopt, {{1, "", "not valid JSON"}}};
    if (!document.value.is_object()) return {1, std::nullopt, {{1, "", "expected a JSON object"}}};
    return detail::read_json_document(p, document)[0];
}

void expect_same_profile(const profile& a, const profile& b, const std::string& line) {
    EXPECT_EQ(a.assessed, b.assessed) << line;
    EXPECT_EQ(a.texts, b.texts) << line;
    for (std::size_t i = 0; i < a.values.size(); ++i)
        if (a.assessed[i]) {
            EXPECT_EQ(a.values[i], b.values[i]) << line << " input " << i;
        }
}

class JsonPlainLineTest : public ::testing::Test {
protected:
    void SetUp() override { plan_ = testing::roskilde(); }
    std::shared_ptr<const plan> plan_;
};

TEST_F(JsonPlainLineTest, ReadsPlainLinesAsTheExactReaderDoes) {
    const std::string a = example_lines()[0];
    std::vector<std::string> lines = example_lines();
    lines.push_back("  " + replace(replace(a, ", ", " ,\t"), ": ", " :  ") + " \r");
    lines.push_back(replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": \"2\""));
    lines.push_back(replace(a, "\"misbrug\": false", "\"misbrug\": \"ja\""));
    lines.push_back(replace(a, "\"misbrug\": false", "\"misbrug\": 1"));
    lines.push_back(replace(a, "\"relationer\": 1", "\"relationer\": \"ikke_vurderet\""));
    lines.push_back(replace(a, "\"borger_id\": \"eksempel-A\"", "\"borger_id\": null"));
    // The keys in another order than the plan's inputs.
    std::string reversed = "{";
    {
        std::vector<std::string> items;
        std::string body = a.substr(1, a.size() - 2);
        for (std::size_t at = 0; at < body.size();) {
            std::size_t end = body.find(", \"", at);
            if (end == std::string::npos) end = body.size();
            items.push_back(body.substr(at, end - at));
            at = end + 2;
        }
        std::reverse(items.begin(), items.end());
        for (std::size_t i = 0; i < items.size(); ++i) reversed += (i ? ", " : "") + items[i];
    }
    lines.push_back(reversed + "}");
    for (const std::string& line : lines) {
        const auto fast = detail::read_plain_json_line(*plan_, line);
        ASSERT_TRUE(fast.has_value()) << "not taken by the fast path: " << line;
        const profile_row slow = exact(*plan_, line);
        ASSERT_TRUE(slow.values.has_value()) << line;
        expect_same_profile(*fast, *slow.values, line);
    }
}

TEST_F(JsonPlainLineTest, LeavesEverythingElseToTheExactReader) {
    const std::string a = example_lines()[0];
    const std::vector<std::string> lines = {
        replace(a, "\"eksempel-A\"", "\"eksempel-\\u0041\""),            // an escape
        replace(a, "\"eksempel-A\"", "\"eksempel-\xc3\xb8\""),           // a byte above 0x7F
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": 2.0"),
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": 02"),
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": 2e0"),
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": 7"),
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": true"),
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": \"\""),
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": [2]"),
        replace(a, "\"praktiske_opgaver\": 2", "\"praktiske_opgaver\": 99999999999999999999"),
        replace(a, "\"praktiske_opgaver\": 2", "\"egenomsorg\": 2"),      // duplicated, and one missing
        replace(a, "\"praktiske_opgaver\": 2, ", ""),                    // missing
        replace(a, "\"praktiske_opgaver\"", "\"navn\""),                 // unknown
        replace(a, "\"borger_id\": \"eksempel-A\"", "\"borger_id\": 17"),
        replace(a, "\"foedselsdato\": \"1990-04-17\"", "\"foedselsdato\": null"),  // required
        replace(a, "\"foedselsdato\": \"1990-04-17\"", "\"foedselsdato\": \"1990-02-30\""),
        a + " x",
        a + "{}",
        "[" + a + "]",
        "{}",
        "",
        a.substr(0, a.size() - 1),
    };
    for (const std::string& line : lines) {
        EXPECT_FALSE(detail::read_plain_json_line(*plan_, line).has_value()) << line;
        // And the reader as a whole still words the line's problem (or reads it, for
        // the escape and the non-ASCII id, which are valid).
        const profile_row row = detail::read_json_line(*plan_, line, 1);
        const profile_row slow = exact(*plan_, line);
        EXPECT_EQ(row.values.has_value(), slow.values.has_value()) << line;
        EXPECT_EQ(row.errors.size(), slow.errors.size()) << line;
    }
}

// Mutated lines (bytes changed, dropped, doubled): whatever the fast path takes,
// the exact reader takes too, with the same profile.
TEST_F(JsonPlainLineTest, NeverTakesALineTheExactReaderReadsOtherwise) {
    const std::vector<std::string> lines = example_lines();
    const std::string alphabet = "{}[]\":,. -+0123456789eEtruefalsn\\\t\x01\xc3\xb8";
    std::mt19937 rng(13);
    std::size_t taken = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string line = lines[rng() % lines.size()];
        for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
            const std::size_t at = rng() % line.size();
            switch (rng() % 3) {
                case 0: line[at] = alphabet[rng() % alphabet.size()]; break;
                case 1: line.erase(at, 1 + rng() % 3); break;
                default: {
                    const std::string piece = line.substr(at, 1 + rng() % 4);
                    line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), piece.begin(), piece.end());
                }
            }
            if (line.empty()) line.push_back('{');
        }
        const auto fast = detail::read_plain_json_line(*plan_, line);
        if (!fast) continue;
        ++taken;
        const profile_row slow = exact(*plan_, line);
        ASSERT_TRUE(slow.values.has_value()) << "taken by the fast path, refused by the exact reader: " << line;
        expect_same_profile(*fast, *slow.values, line);
    }
    EXPECT_GT(taken, 100u) << "the mutations should leave some lines plain";
}

}  // namespace
}  // namespace trappe
