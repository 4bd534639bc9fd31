// SHA-256 against the FIPS 180-2 examples, fed whole and in pieces of every size.

#include <gtest/gtest.h>

#include <string>

#include "common/sha256.hpp"

namespace trappe {
namespace {

std::string digest_in_pieces(const std::string& text, std::size_t piece) {
    detail::sha256 h;
    for (std::size_t at = 0; at < text.size(); at += piece) h.update(std::string_view(text).substr(at, piece));
    return h.hex_digest();
}

TEST(Sha256Test, MatchesTheStandardsExamples) {
    const std::pair<std::string, const char*> cases[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"}};
    for (const auto& [text, expected] : cases) {
        detail::sha256 whole;
        whole.update(text);
        EXPECT_EQ(whole.hex_digest(), expected) << text.size() << " bytes";
        // Blocks that straddle update() calls, whole blocks straight from the input.
        if (text.empty()) continue;
        for (const std::size_t piece : {1u, 3u, 63u, 64u, 65u, 1000u}) {
            EXPECT_EQ(digest_in_pieces(text, piece), expected) << text.size() << " bytes by " << piece;
        }
    }
}

}  // namespace
}  // namespace trappe
