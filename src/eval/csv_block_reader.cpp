// CSV lines into columns; see csv_block_reader.hpp. The quoting rules are those
// of csv_line.hpp: a record is one line, and anything unusual takes the exact path.

#include "csv_block_reader.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "trappe/plan/plan.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace trappe::detail {
namespace {

// The first separator or quote in [at, end), or end: eight bytes at a time, as
// cells are short and lines long.
const char* next_separator_or_quote(const char* at, const char* end, char separator) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
    const std::uint64_t separators = ones * static_cast<unsigned char>(separator), quotes = ones * '"';
    while (end - at >= 8) {
        std::uint64_t word;
        std::memcpy(&word, at, 8);
        const std::uint64_t a = word ^ separators, b = word ^ quotes;  // a zero byte where one is
        // The lowest byte flagged is the first zero byte (higher flags may be false).
        const std::uint64_t found = (((a - ones) & ~a) | ((b - ones) & ~b)) & highs;
        if (found != 0) return at + (std::countr_zero(found) >> 3);
        at += 8;
    }
    while (at < end && *at != separator && *at != '"') ++at;
    return at;
}

// Bit b of masks[b / 64] is set when line[b] is the separator; returns false
// when the line holds a quote (then the cells are read one by one) or is longer
// than the masks. Sixteen bytes at a time: one compare per byte class.
bool separator_masks(std::string_view line, char separator, std::array<std::uint64_t, 64>& masks) noexcept {
    if (line.size() > masks.size() * 64) return false;
    const std::size_t words = (line.size() + 63) / 64;
    for (std::size_t w = 0; w < words; ++w) masks[w] = 0;
#if defined(__SSE2__)
    const __m128i separators = _mm_set1_epi8(separator), quotes = _mm_set1_epi8('"');
    std::size_t at = 0;
    char tail[16];
    for (; at < line.size(); at += 16) {
        const char* from = line.data() + at;
        if (line.size() - at < 16) {  // never read past the line: it may end the buffer
            std::memset(tail, 0, sizeof tail);
            std::memcpy(tail, from, line.size() - at);
            from = tail;
        }
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quotes)) != 0) return false;
        const auto found = static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, separators))));
        masks[at / 64] |= found << (at % 64);
    }
#else
    for (std::size_t at = 0; at < line.size(); ++at) {
        if (line[at] == '"') return false;
        if (line[at] == separator) masks[at / 64] |= std::uint64_t{1} << (at % 64);
    }
#endif
    return true;
}

}  // namespace

csv_block_reader::csv_block_reader(const plan& p, std::string_view header_line)
    : exact_(p, header_line), separator_(exact_.separator()), input_of_(exact_.clean_columns()) {
    for (std::size_t i = 0; i < p.inputs().size(); ++i) fields_.emplace_back(p, i);
    if (input_of_)
        for (const std::size_t i : *input_of_) cells_.push_back(plan_cell(i));
}

csv_block_reader::cell_plan csv_block_reader::plan_cell(std::size_t input) const {
    if (input == csv_profile_reader::ignored_column) return {0, cell_kind::ignored};
    const field_reader& f = fields_[input];
    cell_plan c{static_cast<std::uint32_t>(input), cell_kind::other};
    if (f.column_type() == element_type::i8 && f.one_digit()) c.kind = cell_kind::digit;
    else if (f.column_type() == element_type::i8 && f.kind() == type_kind::boolean) c.kind = cell_kind::boolean;
    return c;
}

// Inlined into the loops over cells: a call per cell costs as much as reading it.
[[gnu::always_inline]] inline bool csv_block_reader::read_cell(const cell_plan& c, std::string_view text, profile_block& block, std::size_t k) const {
    // The common cells stored at once: a one-digit level, true or false.
    if (c.kind == cell_kind::ignored) return true;  // a field the pack never reads
    if (c.kind == cell_kind::digit && text.size() == 1) {
        const auto digit = static_cast<unsigned char>(text[0] - '0');
        if (digit <= 9 && fields_[c.input].in_range(digit)) {
            block.set_byte(k, c.input, digit);
            return true;
        }
    } else if (c.kind == cell_kind::boolean) {
        if (text.size() == 4 && std::memcmp(text.data(), "true", 4) == 0) {
            block.set_byte(k, c.input, 1);
            return true;
        }
        if (text.size() == 5 && std::memcmp(text.data(), "false", 5) == 0) {
            block.set_byte(k, c.input, 0);
            return true;
        }
    }
    return read_other_cell(c.input, text, block, k);
}

bool csv_block_reader::read_other_cell(std::size_t input, std::string_view text, profile_block& block, std::size_t k) const {
    const field_reader& field = fields_[input];
    std::int64_t value = 0;
    bool assessed = false;
    if (!field.read_text(text, value, assessed)) return false;
    if (!field.is_text()) block.set(k, input, value, assessed);
    else if (assessed) block.set_text(k, input, text);
    return true;
}

bool csv_block_reader::read_line(std::string_view line, profile_block& block, std::size_t k) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (separator_masks(line, separator_, masks_)) {
        // No quote: the cells lie between the separators found.
        std::size_t start = 0, cell = 0;
        const std::size_t words = (line.size() + 63) / 64;
        for (std::size_t w = 0; w < words; ++w) {
            for (std::uint64_t bits = masks_[w]; bits != 0; bits &= bits - 1) {
                const std::size_t stop = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
                if (cell + 1 >= cells_.size() ||
                    !read_cell(cells_[cell], std::string_view(line.data() + start, stop - start), block, k))
                    return false;  // more cells than the header, or a bad value
                ++cell;
                start = stop + 1;
            }
        }
        return cell + 1 == cells_.size() && read_cell(cells_[cell], line.substr(start), block, k);
    }
    const std::vector<std::size_t>& input_of = *input_of_;  // (cells_ holds the same, planned)
    const char* at = line.data();
    const char* const end = at + line.size();
    for (std::size_t cell = 0;; ++cell) {
        if (cell == input_of.size()) return false;  // more cells than the header
        std::string_view text;
        if (at < end && *at == '"') {
            const char* close = static_cast<const char*>(std::memchr(at + 1, '"', static_cast<std::size_t>(end - at - 1)));
            if (close == nullptr) return false;
            text = std::string_view(at + 1, static_cast<std::size_t>(close - at - 1));
            at = close + 1;
            if (at < end && *at == '"') {  // "" inside: unquote into scratch
                unquoted_.assign(text);
                while (at < end && *at == '"') {
                    close = static_cast<const char*>(std::memchr(at + 1, '"', static_cast<std::size_t>(end - at - 1)));
                    if (close == nullptr) return false;
                    unquoted_.append(at, static_cast<std::size_t>(close - at));  // the quote and what follows it
                    at = close + 1;
                }
                text = unquoted_;
            }
            if (at < end && *at != separator_) return false;
        } else {
            const char* stop = next_separator_or_quote(at, end, separator_);
            if (stop < end && *stop == '"') return false;
            text = std::string_view(at, static_cast<std::size_t>(stop - at));
            at = stop;
        }
        if (!read_cell(cells_[cell], text, block, k)) return false;
        if (at == end) return cell + 1 == input_of.size();
        ++at;  // the separator
    }
}

std::size_t csv_block_reader::read(std::string_view text, profile_block& block) {
    return for_each_record(text, [&](std::string_view line, std::size_t row) {
        if (input_of_) {
            const std::size_t k = block.begin_row(row);
            if (read_line(line, block, k)) return;
            block.drop_row();
        }
        block.add(exact_.read(line, row), row);
    });
}

}  // namespace trappe::detail
