// The run manifest: --manifest FILE, the first line of batch's JSON lines and the
// last line of eval --json, with the rules' hash, overrides, input digest and counts.

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/run_cli.hpp"
#include "common/sha256.hpp"
#include "test_support.hpp"

namespace trappe {
namespace {

namespace json = boost::json;
using testing::run;
using testing::run_result;
using testing::temp_path;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::string sha256_of_file(const std::string& path) {
    detail::sha256 digest;
    digest.update(testing::read_file(path));
    return digest.hex_digest();
}

// Three profiles, the second with a value out of range.
std::string write_three_profiles(const std::string& path) {
    const std::vector<std::string> examples = lines_of(testing::read_file("examples/profiles/worked-examples.jsonl"));
    std::string bad = examples[1];
    bad.replace(bad.find("\"egenomsorg\": 1"), 15, "\"egenomsorg\": 7");
    std::ofstream(path) << examples[0] << "\n" << bad << "\n" << examples[2] << "\n";
    return path;
}

// What every manifest of a run over `input` with --set taerskel_85=hoejt holds.
void expect_manifest(const json::object& m, const std::string& command, const std::string& input) {
    const auto plan = testing::roskilde();
    EXPECT_EQ(m.at("schema"), "trappe.manifest/1");
    EXPECT_EQ(m.at("command"), command.c_str());
    const json::object& rules = m.at("rules").as_object();
    EXPECT_EQ(rules.at("pack"), "roskilde-2025");
    EXPECT_EQ(rules.at("hash"), plan->rules().content_hash.c_str());
    EXPECT_EQ(rules.at("trappe"), version_string);
    EXPECT_EQ(m.at("parameters"), (json::object{{"taerskel_85", "hoejt"}}));
    const json::object& in = m.at("input").as_object();
    EXPECT_EQ(in.at("path"), input.c_str());
    EXPECT_EQ(in.at("bytes").to_number<std::uint64_t>(), std::filesystem::file_size(input));
    EXPECT_EQ(in.at("sha256"), sha256_of_file(input).c_str());
    EXPECT_EQ(m.at("rows"), (json::object{{"in", 3}, {"written", 2}, {"errors", 1}}));
    EXPECT_GE(m.at("seconds").to_number<double>(), 0.0);
    EXPECT_EQ(m.at("started").as_string().size(), 20u) << m.at("started");  // 2026-11-25T03:00:00Z
}

TEST(ManifestTest, BatchJsonLinesStartWithTheCompletedManifest) {
    const std::string in = write_three_profiles(temp_path("manifest_in.jsonl"));
    const std::string out = temp_path("manifest_out.jsonl"), manifest = temp_path("manifest.json");
    const run_result r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --manifest " + manifest +
                             " --set taerskel_85=hoejt --chunk-rows 2 --quiet");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    const std::vector<std::string> lines = lines_of(testing::read_file(out));
    ASSERT_EQ(lines.size(), 3u);
    // The first line was written with room reserved, then completed in place: spaces pad it.
    const std::string first = lines[0].substr(0, lines[0].find_last_not_of(' ') + 1);
    EXPECT_GT(lines[0].size(), first.size());
    EXPECT_EQ(testing::read_file(manifest), first + "\n") << "--manifest holds the same manifest";
    expect_manifest(json::parse(lines[0]).as_object(), "batch", in);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const json::object row = json::parse(lines[i]).as_object();
        EXPECT_EQ(row.at("schema"), "trappe.batch-row/1");
        EXPECT_EQ(row.at("row"), i == 1 ? 1 : 3);
    }
    for (const auto& f : {in, out, manifest}) std::filesystem::remove(f);
}

TEST(ManifestTest, BatchCsvOutputHasItsManifestOnlyInTheManifestFile) {
    const std::string in = write_three_profiles(temp_path("manifest_csv_in.jsonl"));
    const std::string out = temp_path("manifest_out.csv"), manifest = temp_path("manifest_csv.json");
    const run_result r = run("batch rules/roskilde-2025 --in " + in + " --out " + out + " --manifest " + manifest +
                             " --set taerskel_85=hoejt --quiet");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_EQ(testing::read_file(out).rfind("row,borger_id,", 0), 0u);
    expect_manifest(json::parse(testing::read_file(manifest)).as_object(), "batch", in);
    for (const auto& f : {in, out, manifest}) std::filesystem::remove(f);
}

TEST(ManifestTest, EvalJsonEndsWithTheManifest) {
    const std::string in = write_three_profiles(temp_path("manifest_eval_in.jsonl"));
    const std::string manifest = temp_path("manifest_eval.json"), out = temp_path("manifest_eval_out.jsonl");
    const run_result r = run("eval rules/roskilde-2025 " + in + " --json --set taerskel_85=hoejt --manifest " + manifest +
                             " > " + out);
    EXPECT_EQ(r.exit_code, 1) << r.out;
    std::vector<std::string> lines;  // without stderr's lines, which go to the same file
    for (const std::string& line : lines_of(testing::read_file(out)))
        if (line.rfind('{', 0) == 0) lines.push_back(line);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(json::parse(lines[0]).at("schema"), "trappe.decision/1");
    EXPECT_EQ(json::parse(lines[1]).at("schema"), "trappe.row-error/1");
    EXPECT_EQ(json::parse(lines[2]).at("schema"), "trappe.decision/1");
    expect_manifest(json::parse(lines[3]).as_object(), "eval", in);
    EXPECT_EQ(testing::read_file(manifest), lines[3] + "\n");
    for (const auto& f : {in, out, manifest}) std::filesystem::remove(f);
}

TEST(ManifestTest, ARecordOfTheDateAsOf) {
    const std::string manifest = temp_path("manifest_as_of.json");
    const run_result r = run("eval rules/roskilde-2025 examples/profiles/worked-examples.jsonl --as-of 2025-09-01 "
                             "--manifest " + manifest + " > /dev/null");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json::object m = json::parse(testing::read_file(manifest)).as_object();
    EXPECT_EQ(m.at("as_of"), "2025-09-01");
    EXPECT_EQ(m.at("parameters"), json::object{});
    EXPECT_EQ(m.at("rows"), (json::object{{"in", 5}, {"written", 5}, {"errors", 0}}));
    std::filesystem::remove(manifest);
}

TEST(ManifestTest, AnOutputThatCannotBeRewoundKeepsTheFirstLinesNulls) {
    // A pipe: the first line cannot be completed in place; its counts stay null.
    const run_result r = run("batch rules/roskilde-2025 --in examples/profiles/worked-examples.jsonl --out /dev/stdout "
                             "--quiet");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const json::object m = json::parse(lines_of(r.out).at(0)).as_object();
    EXPECT_EQ(m.at("schema"), "trappe.manifest/1");
    EXPECT_TRUE(m.at("rows").is_null());
    EXPECT_TRUE(m.at("seconds").is_null());
}

TEST(ManifestTest, AManifestOverTheInputIsRefusedBeforeAnythingIsWritten) {
    const std::string in = write_three_profiles(temp_path("manifest_same.jsonl"));
    const std::string original = testing::read_file(in), out = temp_path("manifest_same_out.jsonl");
    for (const std::string& args : {"batch rules/roskilde-2025 --in " + in + " --out " + out + " --manifest " + in,
                                   "batch rules/roskilde-2025 --in " + in + " --out " + out + " --manifest " + out,
                                   "eval rules/roskilde-2025 " + in + " --manifest " + in}) {
        const run_result r = run(args);
        EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
        EXPECT_NE(r.out.find("the same file"), std::string::npos) << r.out;
        EXPECT_EQ(testing::read_file(in), original) << args;
        EXPECT_FALSE(std::filesystem::exists(out)) << args;
    }
    std::filesystem::remove(in);
}

}  // namespace
}  // namespace trappe
