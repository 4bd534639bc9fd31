// JSON strings and CSV cells; see text_escape.hpp.

#include "text_escape.hpp"

#include <cstring>

namespace trappe::detail {

void append_json_string(std::string& out, std::string_view s) {
    const std::size_t old = out.size();
    out.resize(old + json_string_bound(s.size()));
    out.resize(static_cast<std::size_t>(put_json_string(out.data() + old, s) - out.data()));
}

std::string json_string(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

namespace {

bool looks_like_formula(std::string_view s) {
    const std::size_t first = s.find_first_not_of("\t\r");
    return first != std::string_view::npos && (s[first] == '=' || s[first] == '+' || s[first] == '-' || s[first] == '@');
}

// A separator, a quote or a line break (a loop: find_first_of calls memchr per byte).
bool needs_quotes(std::string_view s) noexcept {
    for (const char c : s)
        if (c == ',' || c == ';' || c == '"' || c == '\n' || c == '\r') return true;
    return false;
}

}  // namespace

void append_csv_cell(std::string& out, std::string_view s, csv_style style) {
    const std::size_t old = out.size();
    out.resize(old + csv_cell_bound(s.size()));
    out.resize(static_cast<std::size_t>(put_csv_cell(out.data() + old, s, style) - out.data()));
}

char* put_json_string(char* at, std::string_view s) noexcept {
    static constexpr char hex[] = "0123456789abcdef";
    *at++ = '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c != '"' && c != '\\') {
            *at++ = ch;
        } else if (c == '"' || c == '\\') {
            *at++ = '\\';
            *at++ = ch;
        } else {
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            std::memcpy(at, escaped, sizeof escaped);
            at += sizeof escaped;
        }
    }
    *at++ = '"';
    return at;
}

char* put_csv_cell(char* at, std::string_view s, csv_style style) noexcept {
    const bool neutralise = style.spreadsheet_safe && looks_like_formula(s);
    if (!neutralise && !needs_quotes(s)) {
        std::memcpy(at, s.data(), s.size());
        return at + s.size();
    }
    *at++ = '"';
    if (neutralise) *at++ = '\'';
    for (const char c : s) {
        if (c == '"') *at++ = '"';
        *at++ = c;
    }
    *at++ = '"';
    return at;
}

std::string csv_cell(std::string_view s, csv_style style) {
    std::string out;
    append_csv_cell(out, s, style);
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace trappe::detail
