#pragma once
// Shared set-up of the libFuzzer harnesses: the shipped Roskilde pack, compiled
// once per process, and the worked examples. A harness aborts (a finding) only
// on a crash, a sanitizer report or a broken promise it checks itself.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "trappe/trappe.hpp"

#ifndef TRAPPE_SOURCE_DIR
#error "TRAPPE_SOURCE_DIR must name the source tree (tests/fuzz/CMakeLists.txt sets it)"
#endif

namespace trappe::fuzz {

inline std::string source_path(std::string_view relative) { return std::string(TRAPPE_SOURCE_DIR) + "/" + std::string(relative); }

inline std::string read_source_file(std::string_view relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline const plan& roskilde() {
    static const std::shared_ptr<const plan> p = [] {
        const check_result r = check_rules(source_path("rules/roskilde-2025"));
        if (!r.ok()) {
            std::fputs(r.report().c_str(), stderr);
            std::abort();
        }
        return compile(r.checked);
    }();
    return *p;
}

inline const std::string& worked_examples() {
    static const std::string text = read_source_file("examples/profiles/worked-examples.jsonl");
    return text;
}

/// A broken promise: report it and abort, so libFuzzer keeps the input.
[[noreturn]] inline void broken(const char* what) {
    std::fprintf(stderr, "trappe fuzz: %s\n", what);
    std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace trappe::fuzz
