// Reading rule files: imports stay inside the folder that holds the pack, only
// regular files of bounded size are read, nothing blocks, and nothing from a
// refused target is echoed. UTF-8: a byte-order mark is skipped, bad bytes refused.

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>

#include "test_support.hpp"

namespace trappe {
namespace {

namespace fs = std::filesystem;

class LoaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        root_ = fs::temp_directory_path() / ("trappe-loader-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "pack");
        fs::create_directories(root_ / "shared");
        fs::create_directories(root_ / "other");
        write("shared/x.trappe", "input b : bool\n");
    }
    void TearDown() override { fs::remove_all(root_); }

    void write(const std::string& relative, const std::string& text) {
        std::ofstream(root_ / relative, std::ios::binary) << text;
    }

    // A pack whose only file imports `target`.
    void write_pack_importing(const std::string& target) {
        write("pack/main.trappe", "import \"" + target + "\"\ninput a : bool\noutput a\n");
    }

    // check_rules, failing the test (and stopping it) if it does not return promptly.
    static check_result check_promptly(const fs::path& path) {
        auto pending = std::async(std::launch::async, [path] { return check_rules(path); });
        if (pending.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
            std::fprintf(stderr, "check_rules('%s') did not return within 20 s\n", path.c_str());
            std::abort();  // a blocked read cannot be cancelled; stop rather than hang the suite
        }
        return pending.get();
    }

    check_result check_pack() { return check_promptly(root_ / "pack"); }

    fs::path root_;
};

bool mentions(const check_result& r, const std::string& fragment) {
    return r.report().find(fragment) != std::string::npos;
}

TEST_F(LoaderTest, ImportsAFolderBesideThePack) {
    write("pack/main.trappe", "import \"../shared\"\ninput a : bool\noutput a, b\n");
    const check_result r = check_pack();
    EXPECT_TRUE(r.ok()) << r.report();
}

TEST_F(LoaderTest, RefusesAnAbsoluteImport) {
    for (const char* target : {"/dev/zero", "/etc/passwd"}) {
        write_pack_importing(target);
        const check_result r = check_pack();
        ASSERT_FALSE(r.ok()) << target;
        EXPECT_TRUE(mentions(r, "main.trappe:1:1: error: cannot import '" + std::string(target) +
                                    "': an import names a folder or .trappe file relative to the importing file"))
            << r.report();
        EXPECT_FALSE(mentions(r, "root:")) << r.report();
    }
}

TEST_F(LoaderTest, RefusesAPathOutsideTheFolderThatHoldsThePack) {
    const std::string up = "../../../../../../../../../../../..";
    for (const std::string& target : {up + "/etc/passwd", up + "/dev/zero", up + "/etc", std::string("../..")}) {
        write_pack_importing(target);
        const check_result r = check_pack();
        ASSERT_FALSE(r.ok()) << target;
        EXPECT_TRUE(mentions(r, "cannot import '" + target + "': it is outside the folder that holds the pack"))
            << r.report();
        EXPECT_FALSE(mentions(r, "root:")) << r.report();
    }
}

TEST_F(LoaderTest, RefusesANamedPipeWithoutBlocking) {
    ASSERT_EQ(::mkfifo((root_ / "other/pipe.trappe").c_str(), 0600), 0);
    write_pack_importing("../other/pipe.trappe");
    const check_result r = check_pack();
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(mentions(r, "cannot import '../other/pipe.trappe': it is not a regular file")) << r.report();
}

TEST_F(LoaderTest, RefusesANamedPipeInThePackFolderWithoutBlocking) {
    write("pack/main.trappe", "input a : bool\noutput a\n");
    ASSERT_EQ(::mkfifo((root_ / "pack/pipe.trappe").c_str(), 0600), 0);
    const check_result r = check_pack();
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(mentions(r, "pipe.trappe' is not a regular file")) << r.report();
}

TEST_F(LoaderTest, RefusesADeviceAsTheRules) {
    const check_result r = check_promptly("/dev/zero");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(mentions(r, "'/dev/zero' is not a regular file")) << r.report();
}

TEST_F(LoaderTest, RefusesASymlinkToAFileOutsideTheRoot) {
    fs::create_symlink("/etc/passwd", root_ / "other/link.trappe");
    write_pack_importing("../other/link.trappe");
    const check_result r = check_pack();
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(mentions(r, "cannot import '../other/link.trappe': it is outside the folder that holds the pack"))
        << r.report();
    EXPECT_FALSE(mentions(r, "root:")) << r.report();
}

TEST_F(LoaderTest, RefusesASymlinkedRuleFileInThePackThatLeadsOutside) {
    write("pack/main.trappe", "input a : bool\noutput a\n");
    fs::create_symlink("/etc/passwd", root_ / "pack/passwd.trappe");
    const check_result r = check_pack();
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(mentions(r, "passwd.trappe' is outside the folder that holds the pack")) << r.report();
    EXPECT_FALSE(mentions(r, "root:")) << r.report();
}

TEST_F(LoaderTest, FollowsASymlinkThatStaysInsideTheRoot) {
    fs::create_symlink("../shared/x.trappe", root_ / "other/alias.trappe");
    write("pack/main.trappe", "import \"../other/alias.trappe\"\ninput a : bool\noutput a, b\n");
    const check_result r = check_pack();
    EXPECT_TRUE(r.ok()) << r.report();
}

TEST_F(LoaderTest, ImportsOnlyFoldersAndTrappeFiles) {
    write("shared/notes.txt", "secret notes\n");
    write_pack_importing("../shared/notes.txt");
    const check_result r = check_pack();
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(mentions(r, "cannot import '../shared/notes.txt': an import names a folder or .trappe file"))
        << r.report();
    EXPECT_FALSE(mentions(r, "secret")) << r.report();
}

TEST_F(LoaderTest, RefusesARuleFileLargerThanTheLimit) {
    write("pack/main.trappe", "input a : bool\noutput a\n" + std::string(max_rule_file_bytes, '#'));
    const check_result r = check_pack();
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(mentions(r, "main.trappe:1:1: error: this file is larger than 1 MiB, the limit for a rule file\n"))
        << r.report().substr(0, 500);
    const check_result in_memory = check_sources({{"t.trappe", std::string(max_rule_file_bytes + 1, ' ')}});
    EXPECT_EQ(in_memory.report(), "t.trappe:1:1: error: this file is larger than 1 MiB, the limit for a rule file\n"
                                  "1 error, 0 warnings\n");
}

TEST_F(LoaderTest, SkipsAByteOrderMark) {
    write("pack/main.trappe", "\xEF\xBB\xBFinput a : bool\noutput a\n");
    const check_result r = check_pack();
    EXPECT_TRUE(r.ok()) << r.report();
    // Columns on the first line count from after the mark.
    const check_result bad = check_sources({{"t.trappe", "\xEF\xBB\xBFinput a : boo\noutput a\n"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.report().rfind("t.trappe:1:11: error: unknown type 'boo'", 0), 0u) << bad.report();
    EXPECT_EQ(bad.report().find("\xEF\xBB\xBF"), std::string::npos);
}

TEST_F(LoaderTest, RefusesRuleTextThatIsNotUtf8AtItsFirstBadByte) {
    // "Søren" in Latin-1 in a description on line 2.
    const check_result r = check_sources({{"t.trappe", "# Borgere\ninput a : bool \"S\xF8ren\"\noutput a\n"}});
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.diags.error_count(), 1u) << r.report();
    EXPECT_EQ(r.report(),
              "t.trappe:2:18: error: this byte is not valid UTF-8; save the file as UTF-8\n1 error, 0 warnings\n");
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

// A checked program carries its rule files: checked again from memory, anywhere,
// they give the same rules and the same hash, and nothing is read from disk.
TEST(RuleFilesTest, ThePacksFilesCheckedFromMemoryGiveTheSameRulesAndHash) {
    const check_result original = check_rules("rules/roskilde-2025");
    ASSERT_TRUE(original.ok());
    std::vector<rule_file> files = rule_files(*original.checked);
    ASSERT_EQ(files.size(), 10u);  // 6 of the pack, 4 imported from serviceloven
    EXPECT_EQ(std::count_if(files.begin(), files.end(), [](const rule_file& f) { return f.in_pack; }), 6);
    // Paths no disk has: an import that read the disk would fail.
    for (rule_file& f : files) f.path = "/nonexistent/elsewhere/" + f.path;
    const check_result again = check_rule_files(files);
    ASSERT_TRUE(again.ok()) << again.report();
    EXPECT_EQ(again.checked->content_hash, original.checked->content_hash);
    EXPECT_EQ(again.checked->pack_name, "roskilde-2025");
    const auto a = compile(original.checked), b = compile(again.checked);
    const std::vector<profile> examples = testing::worked_examples(*a);
    for (std::size_t k = 0; k < examples.size(); ++k) {
        profile in(*b);
        in.values = examples[k].values;
        in.assessed = examples[k].assessed;
        in.texts = examples[k].texts;
        EXPECT_EQ(to_json(testing::evaluate_ok(*a, examples[k])), to_json(testing::evaluate_ok(*b, in))) << k;
    }
}

TEST(RuleFilesTest, ChangedTextChangesTheHashAndAMissingImportIsAnError) {
    const check_result original = check_rules("rules/roskilde-2025");
    ASSERT_TRUE(original.ok());
    std::vector<rule_file> files = rule_files(*original.checked);
    files.back().text += "\n# a comment\n";
    const check_result changed = check_rule_files(files);
    ASSERT_TRUE(changed.ok()) << changed.report();
    EXPECT_NE(changed.checked->content_hash, original.checked->content_hash);

    std::vector<rule_file> pack_only;
    for (const rule_file& f : rule_files(*original.checked))
        if (f.in_pack) pack_only.push_back(f);
    const check_result missing = check_rule_files(pack_only);
    EXPECT_FALSE(missing.ok());
    EXPECT_NE(missing.report().find("cannot find imported rules 'rules/serviceloven'"), std::string::npos) << missing.report();
}

TEST(RuleFilesTest, APackWithoutAPackDeclarationKeepsItsName) {
    const check_result checked = check_sources({{"mine/regler.trappe", "input x : integer\noutput x\n"}});
    ASSERT_TRUE(checked.ok()) << checked.report();
    EXPECT_EQ(checked.checked->pack_name, "regler.trappe");
    const check_result again = check_rule_files(rule_files(*checked.checked), checked.checked->pack_name);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.checked->pack_name, "regler.trappe");
}

}  // namespace
}  // namespace trappe
