#pragma once
// One value of an input column of any element type (private to src/eval).

#include <cstdint>
#include <cstring>

#include "trappe/eval/batch.hpp"

namespace trappe::detail {

/// Row k's value in a column of any element type (the value, whether assessed or not).
[[nodiscard]] inline std::int64_t column_value(const input_column& c, std::size_t k) noexcept {
    const auto* at = static_cast<const std::uint8_t*>(c.data);
    switch (c.type) {
        case element_type::i8: return static_cast<std::int8_t>(at[k]);
        case element_type::i16: { std::int16_t v; std::memcpy(&v, at + 2 * k, 2); return v; }
        case element_type::i32: { std::int32_t v; std::memcpy(&v, at + 4 * k, 4); return v; }
        case element_type::i64: { std::int64_t v; std::memcpy(&v, at + 8 * k, 8); return v; }
    }
    return 0;
}

}  // namespace trappe::detail
