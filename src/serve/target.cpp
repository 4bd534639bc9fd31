// Splitting and percent-decoding request targets; see target.hpp.

#include "target.hpp"

#include <string_view>

namespace trappe::serve {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// '+' is a space in a query (HTML forms); "%C3%B8" is "ø".
bool decode(std::string_view in, bool plus_is_space, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%') {
            if (i + 2 >= in.size()) return false;
            const int hi = hex_digit(in[i + 1]), lo = hex_digit(in[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += plus_is_space && in[i] == '+' ? ' ' : in[i];
        }
    }
    return true;
}

}  // namespace

parsed_target parse_target(std::string_view target) {
    parsed_target out;
    const std::size_t mark = target.find('?');
    const std::string_view path = target.substr(0, mark);
    std::string piece;
    for (std::size_t start = 0; start < path.size();) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) {
            out.ok = decode(path.substr(start, end - start), false, piece) && out.ok;
            out.segments.push_back(piece);
        }
        start = end + 1;
    }
    if (mark == std::string_view::npos) return out;
    const std::string_view query = target.substr(mark + 1);
    for (std::size_t start = 0; start < query.size();) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view item = query.substr(start, end - start);
        start = end + 1;
        if (item.empty()) continue;
        const std::size_t eq = item.find('=');
        std::string key, value;
        out.ok = decode(item.substr(0, eq), true, key) && out.ok;
        if (eq != std::string_view::npos) out.ok = decode(item.substr(eq + 1), true, value) && out.ok;
        out.query.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

}  // namespace trappe::serve
