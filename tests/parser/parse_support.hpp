#pragma once
// Parsing rule text held in memory (shared by the parser test files).

#include <string>

#include "trappe/parser/parser.hpp"

namespace trappe::testing {

struct parsed {
    source_manager sources;
    diagnostics diags;
    ast::file file;
};

inline parsed parse(const std::string& text) {
    parsed p;
    const file_id id = p.sources.add("t.trappe", text);
    p.file = parse_file(p.sources, id, p.diags);
    return p;
}

}  // namespace trappe::testing
