// parse_dump FILE...: for every file, the full AST and diagnostic dump of the
// file as it is, then one hash line per damaged variant of it (truncated, a byte
// deleted, a character inserted). Comparing the output of two builds shows
// whether a change of the grammar changed any AST, diagnostic text or position,
// including the error recovery on broken text (see scripts/compare_parser.sh).
// With PARSE_DUMP_FULL set, every variant is dumped in full.

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include "parser/ast_dump.hpp"

namespace {

std::string dump_text(const std::string& name, const std::string& text) {
    trappe::source_manager sources;
    trappe::diagnostics diags;
    const trappe::file_id id = sources.add(name, text);
    const trappe::ast::file f = trappe::parse_file(sources, id, diags);
    return trappe::testing::dump_parse(f, diags);
}

// A fixed pseudo-random sequence, so both builds see the same variants.
struct lcg {
    std::uint64_t state;
    std::size_t below(std::size_t n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return n == 0 ? 0 : static_cast<std::size_t>((state >> 33) % n);
    }
};

}  // namespace

int main(int argc, char** argv) {
    const std::string inserts = "(){}:=,-><\"#\n x1_.";
    const bool full = std::getenv("PARSE_DUMP_FULL") != nullptr;  // every variant's dump, not its hash
    for (int a = 1; a < argc; ++a) {
        std::ifstream in(argv[a], std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        std::cout << "=== " << argv[a] << '\n' << dump_text(argv[a], text);
        lcg random{static_cast<std::uint64_t>(a) * 7919u + text.size()};
        for (int v = 0; v < 300; ++v) {
            std::string variant = text;
            const std::size_t at = random.below(text.size() + 1);
            if (v < 100)
                variant.resize(at);
            else if (v < 200 && at < variant.size())
                variant.erase(at, 1);
            else
                variant.insert(at, 1, inserts[random.below(inserts.size())]);
            const std::string dump = dump_text(argv[a], variant);
            if (full)
                std::cout << "variant " << v << '\n' << dump;
            else
                std::cout << "variant " << v << ' ' << std::hash<std::string>{}(dump) << '\n';
        }
    }
}
