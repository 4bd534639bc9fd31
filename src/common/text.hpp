#pragma once
// Small text helpers shared by the renderers.

#include <initializer_list>
#include <string>
#include <string_view>

namespace trappe::detail {

/// Concatenation without chained operator+ (GCC 12 reports a false -Wrestrict on such chains).
inline std::string concat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view p : parts) out += p;
    return out;
}

}  // namespace trappe::detail
