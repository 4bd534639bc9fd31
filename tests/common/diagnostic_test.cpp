#include <gtest/gtest.h>

#include "trappe/common/diagnostic.hpp"
#include "trappe/common/source_manager.hpp"

namespace trappe {
namespace {

TEST(DiagnosticTest, RendersFileLineColumnAndCaret) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", "define a = 1\ndefine b = c + 1\n");
    diagnostics diags;
    diags.error({f, 2, 12}, "unknown name 'c'");
    EXPECT_EQ(render(diags, sources),
              "x.trappe:2:12: error: unknown name 'c'\n"
              "    define b = c + 1\n"
              "               ^\n"
              "1 error, 0 warnings\n");
}

TEST(DiagnosticTest, CountsColumnsInCodePoints) {
    source_manager sources;
    const file_id f = sources.add("x.trappe", "# æøå\ndefine støtte = 1\n");
    const std::string& text = sources.text(f);
    const location at = sources.locate(f, text.find("= 1"));
    EXPECT_EQ(at.line, 2u);
    EXPECT_EQ(at.column, 15u);  // "define støtte " is 14 characters but 15 bytes
}

TEST(DiagnosticTest, SuggestsTheClosestName) {
    EXPECT_EQ(closest_name("stoetebehov", {"stoettebehov", "trin", "alder"}), "stoettebehov");
    EXPECT_EQ(closest_name("xyz", {"stoettebehov", "trin"}), "");
}

}  // namespace
}  // namespace trappe
