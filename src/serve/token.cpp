// Reading and checking the bearer token; see token.hpp.

#include "token.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace trappe::serve {

std::string read_token_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the token file " + path);
    std::ostringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    const auto first = token.find_first_not_of(" \t\r\n");
    const auto last = token.find_last_not_of(" \t\r\n");
    token = first == std::string::npos ? "" : token.substr(first, last - first + 1);
    if (token.empty()) throw std::runtime_error("the token file " + path + " holds no token");
    if (token.find_first_of(" \t\r\n") != std::string::npos)
        throw std::runtime_error("the token file " + path + " must hold one token on one line");
    return token;
}

bool bearer_matches(std::string_view authorization, std::string_view token) noexcept {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() < scheme.size() || authorization.substr(0, scheme.size()) != scheme) return false;
    const std::string_view given = authorization.substr(scheme.size());
    // Every byte of the expected token is compared, whatever was given, so the
    // time taken tells nothing about how much of a guess was right.
    unsigned difference = given.size() == token.size() ? 0u : 1u;
    for (std::size_t i = 0; i < token.size(); ++i) {
        const char g = i < given.size() ? given[i] : '\0';
        difference |= static_cast<unsigned>(static_cast<unsigned char>(g) ^ static_cast<unsigned char>(token[i]));
    }
    return difference == 0;
}

}  // namespace trappe::serve
