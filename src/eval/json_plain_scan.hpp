#pragma once
// The one scanner for JSON lines in the plain form programs write (private to the
// JSON readers): one flat object whose keys are the pack's inputs, each once, with
// values null, true, false, whole numbers and strings of printable ASCII without
// escapes. It words nothing: on anything else it says no, and the caller reads the
// line another way. What a value means is the reader's business (json_plain_line.cpp
// into a profile, json_block_reader.cpp into columns).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace trappe::detail::plain_json {

/// What is white space between tokens: JSON's four bytes, or within a line of
/// JSON lines the same but the line break, which ends the line.
enum class spaces { json, in_line };

template <spaces S = spaces::json>
[[nodiscard]] inline bool is_space(char c) noexcept {
    return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t' || c == '\r' || (S == spaces::json && c == '\n'));
}

template <spaces S = spaces::json>
[[nodiscard]] inline const char* skip_space(const char* at, const char* end) noexcept {
    while (at < end && is_space<S>(*at)) ++at;
    return at;
}

/// A key as it stands on a compact line, `"name":`, kept padded with zeros so that
/// it is compared 16 bytes at a time, all at once.
class key_text {
public:
    explicit key_text(std::string_view name)
        : size_(name.size() + 3), text_(new char[std::max<std::size_t>(size_, 64)]()),
          mask_(size_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << size_) - 1) {
        text_[0] = '"';
        std::memcpy(text_.get() + 1, name.data(), name.size());
        std::memcpy(text_.get() + 1 + name.size(), "\":", 2);
    }
    /// Whether [at, end) starts with the key; never reads at or past `end`.
    [[nodiscard]] bool starts(const char* at, const char* end) const noexcept {
        const auto left = static_cast<std::size_t>(end - at);
#if defined(__SSE2__)
        if (left >= 64) {
            // Bit b of the chunks' masks is set when at[b] is the key's byte b.
            const auto chunk = [&](std::size_t o) -> std::uint64_t {
                const __m128i line = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + o));
                const __m128i key = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text_.get() + o));
                return std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(line, key)))} << o;
            };
            if (size_ <= 32) return ((chunk(0) | chunk(16)) & mask_) == mask_;
            if (size_ <= 64) return ((chunk(0) | chunk(16) | chunk(32) | chunk(48)) & mask_) == mask_;
        }
#endif
        return left >= size_ && std::memcmp(at, text_.get(), size_) == 0;
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

private:
    std::size_t size_;
    std::unique_ptr<char[]> text_;  // at least 64 bytes
    std::uint64_t mask_;            // the key's bytes among the first 64
};

/// The end of a string of printable ASCII (0x20..0x7E) without a backslash that
/// starts at `at` (after its opening quote): its closing quote, or null when a
/// byte on the way is anything else or the line ends first.
[[nodiscard]] inline const char* plain_string_end(const char* at, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i below = _mm_set1_epi8(0x20), above = _mm_set1_epi8(0x7E);
    while (end - at >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        // Signed compares: bytes above 0x7F are negative, so below 0x20.
        const __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(bytes, below), _mm_cmpgt_epi8(bytes, above)),
                                         _mm_cmpeq_epi8(bytes, backslash));
        const auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote)));
        const auto bads = static_cast<unsigned>(_mm_movemask_epi8(bad));
        if (quotes != 0) {
            const unsigned before = (quotes & (0u - quotes)) - 1;  // the bytes before the first quote
            return (bads & before) == 0 ? at + __builtin_ctz(quotes) : nullptr;
        }
        if (bads != 0) return nullptr;
        at += 16;
    }
#endif
    for (; at < end; ++at) {
        const auto c = static_cast<unsigned char>(*at);
        if (c == '"') return at;
        if (c < 0x20 || c > 0x7E || c == '\\') return nullptr;
    }
    return nullptr;
}

/// A whole number as JSON writes it, -?(0|[1-9][0-9]*), of at most 18 digits (so it
/// fits int64), not "-0" and not followed by a fraction or an exponent. Returns
/// the end of it, or null.
[[nodiscard]] inline const char* whole_number(const char* at, const char* end, std::int64_t& value) noexcept {
    const bool negative = at < end && *at == '-';
    if (negative) ++at;
    const char* const first = at;
    std::int64_t v = 0;
    for (; at < end && static_cast<unsigned char>(*at - '0') <= 9; ++at) {
        if (at - first == 18) return nullptr;
        v = v * 10 + (*at - '0');
    }
    const std::ptrdiff_t digits = at - first;
    if (digits == 0 || (*first == '0' && (digits > 1 || negative))) return nullptr;
    if (at < end && (*at == '.' || *at == 'e' || *at == 'E')) return nullptr;
    value = negative ? -v : v;
    return at;
}

/// Scans one object with `reader`, which knows the keys and takes the values. A
/// `Reader::field` names an input of the pack:
///
///     std::size_t inputs() const;      // the keys an object holds
///     // The end of the key expected at `position` with its colon, when the text
///     // goes on with it at `at` and it was not in the object before (`input` is
///     // then its input); else null.
///     const char* expected_key(std::size_t position, const char* at, const char* end, field& input);
///     // Whether `key`, found at `position`, is an input's not in the object before.
///     bool find(std::string_view key, std::size_t position, field& input);
///     bool null(field input);          // each: false when the value is not taken
///     bool literal(field input, bool value);
///     bool number(field input, std::int64_t value);
///     bool string(field input, std::string_view text);
///
/// Returns the end of the object at `at` (after spaces) when it is a plain object
/// holding every input once and the reader took every value; else null, and the
/// reader may have taken some of the values.
template <spaces S, class Reader>
[[nodiscard]] const char* scan_object(const char* at, const char* const end, Reader& reader) {
    at = skip_space<S>(at, end);
    if (at == end || *at++ != '{') return nullptr;
    at = skip_space<S>(at, end);
    std::size_t keys = 0;
    const std::size_t inputs = reader.inputs();
    if (at < end && *at == '}') {
        ++at;
    } else {
        for (;;) {
            // More keys than inputs: one is unknown or repeated.
            if (keys == inputs) return nullptr;
            // The key: the one expected here, after any spaces, or any plain key.
            typename Reader::field input{};
            const char* after = reader.expected_key(keys, at, end, input);
            if (after == nullptr && at < end && is_space<S>(*at)) {
                at = skip_space<S>(at, end);
                after = reader.expected_key(keys, at, end, input);
            }
            if (after != nullptr) {
                at = after;
            } else {
                if (at == end || *at != '"') return nullptr;
                const char* const close = plain_string_end(at + 1, end);
                if (close == nullptr ||
                    !reader.find(std::string_view(at + 1, static_cast<std::size_t>(close - at - 1)), keys, input))
                    return nullptr;
                at = skip_space<S>(close + 1, end);
                if (at == end || *at++ != ':') return nullptr;
            }
            ++keys;
            // The value, by its first byte (every one is above a space).
            if (at < end && static_cast<unsigned char>(*at) <= ' ') at = skip_space<S>(at, end);
            if (at == end) return nullptr;
            switch (*at) {
                case '"': {
                    const char* const close = plain_string_end(at + 1, end);
                    if (close == nullptr ||
                        !reader.string(input, std::string_view(at + 1, static_cast<std::size_t>(close - at - 1))))
                        return nullptr;
                    at = close + 1;
                    break;
                }
                case 'n':
                    if (end - at < 4 || std::memcmp(at, "null", 4) != 0 || !reader.null(input)) return nullptr;
                    at += 4;
                    break;
                case 't':
                    if (end - at < 4 || std::memcmp(at, "true", 4) != 0 || !reader.literal(input, true)) return nullptr;
                    at += 4;
                    break;
                case 'f':
                    if (end - at < 5 || std::memcmp(at, "false", 5) != 0 || !reader.literal(input, false)) return nullptr;
                    at += 5;
                    break;
                default: {
                    std::int64_t value = 0;
                    if (end - at >= 2 && static_cast<unsigned char>(*at - '0') <= 9 && (at[1] == ',' || at[1] == '}')) {
                        value = *at++ - '0';  // one digit, as levels are
                    } else {
                        at = whole_number(at, end, value);
                        if (at == nullptr) return nullptr;
                    }
                    if (!reader.number(input, value)) return nullptr;
                }
            }
            // What follows a value: a comma or the closing brace, maybe after spaces
            // (a literal or a number running into anything else is no plain value).
            if (at == end) return nullptr;
            char next = *at++;
            if (is_space<S>(next)) {
                at = skip_space<S>(at, end);
                if (at == end) return nullptr;
                next = *at++;
            }
            if (next == '}') break;
            if (next != ',') return nullptr;
        }
    }
    return keys == inputs ? at : nullptr;
}

/// Whether `line` holds one plain object (see scan_object) and spaces.
template <class Reader>
[[nodiscard]] bool scan_line(std::string_view line, Reader& reader) {
    const char* const end = line.data() + line.size();
    const char* const after = scan_object<spaces::json>(line.data(), end, reader);
    return after != nullptr && skip_space(after, end) == end;
}

/// The line of JSON lines at `at` (up to a line break or `end`) when it holds one
/// plain object and spaces: the start of the next line; else null.
template <class Reader>
[[nodiscard]] const char* scan_json_line(const char* at, const char* end, Reader& reader) {
    const char* after = scan_object<spaces::in_line>(at, end, reader);
    if (after == nullptr) return nullptr;
    after = skip_space<spaces::in_line>(after, end);
    if (after == end) return end;
    return *after == '\n' ? after + 1 : nullptr;
}


}  // namespace trappe::detail::plain_json
