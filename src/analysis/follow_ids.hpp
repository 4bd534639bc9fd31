#pragma once
// The citizens of a follow run by case id: an open-addressing table of hashes
// into follow_result's id arena (private to src/analysis/follow*).

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "trappe/analysis/follow.hpp"

namespace trappe::detail {

class follow_ids {
public:
    explicit follow_ids(const follow_result& r) : r_(r) { slots_.assign(1024, 0); }

    /// The citizen with case id `id`, if any.
    [[nodiscard]] std::optional<std::size_t> find(std::string_view id) const {
        const std::uint64_t h = hash(id);
        for (std::size_t at = h & (slots_.size() - 1);; at = (at + 1) & (slots_.size() - 1)) {
            const std::uint32_t c = slots_[at];
            if (c == 0) return std::nullopt;
            if (hashes_[c - 1] == h && r_.id(c - 1) == id) return c - 1;
        }
    }

    /// Records citizen `c` (the last one added to the result) under its id, not yet present.
    void add(std::size_t c) {
        const std::uint64_t h = hash(r_.id(c));
        hashes_.resize(c + 1);
        hashes_[c] = h;
        if (2 * (count_ + 1) > slots_.size()) grow();
        place(c, h);
        ++count_;
    }

private:
    static std::uint64_t hash(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }
    void place(std::size_t c, std::uint64_t h) {
        std::size_t at = h & (slots_.size() - 1);
        while (slots_[at] != 0) at = (at + 1) & (slots_.size() - 1);
        slots_[at] = static_cast<std::uint32_t>(c + 1);
    }
    void grow() {
        std::vector<std::uint32_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        for (const std::uint32_t c : old)
            if (c != 0) place(c - 1, hashes_[c - 1]);
    }

    const follow_result& r_;
    std::vector<std::uint32_t> slots_;  // citizen + 1; 0 empty
    std::vector<std::uint64_t> hashes_;  // per citizen
    std::size_t count_ = 0;
};

}  // namespace trappe::detail
