#pragma once
// SHA-256, for the content hash that identifies which rules made a decision.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace trappe::detail {

class sha256 {
public:
    sha256();
    void update(std::string_view data);
    /// Finishes and returns the lower-case hex digest; the object is spent afterwards.
    [[nodiscard]] std::string hex_digest();

private:
    void block(const unsigned char* p);
    void blocks(const unsigned char* p, std::size_t count);  // the SHA extensions of x86-64 when the CPU has them
    std::array<std::uint32_t, 8> h_;
    std::array<unsigned char, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

}  // namespace trappe::detail
