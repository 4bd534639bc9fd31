#pragma once
// Text written a line at a time through a raw cursor (private): the writers of
// caseload output reserve a line's worst case, write without a check per piece,
// and commit what they wrote. Unlike std::string, growing never zero-fills.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

namespace trappe::detail {

class text_buffer {
public:
    /// Room for at least `n` more bytes at the end; returns where they start.
    [[nodiscard]] char* reserve(std::size_t n) {
        if (capacity_ - size_ < n) grow(size_ + n);
        return data_.get() + size_;
    }
    /// Keeps what was written up to `end` (a pointer from reserve() onwards).
    void commit(const char* end) noexcept { size_ = static_cast<std::size_t>(end - data_.get()); }

    void append(std::string_view text) {
        char* at = reserve(text.size());
        std::memcpy(at, text.data(), text.size());
        size_ += text.size();
    }
    void clear() noexcept { size_ = 0; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::string_view view() const noexcept { return {data_.get(), size_}; }

private:
    void grow(std::size_t needed) {
        const std::size_t capacity = std::max({needed, capacity_ * 2, std::size_t{4096}});
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
        if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
        data_ = std::move(bigger);
        capacity_ = capacity;
    }

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace trappe::detail
