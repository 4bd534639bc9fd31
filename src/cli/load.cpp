#include <charconv>
#include <iostream>
#include <stdexcept>

#include "commands.hpp"

namespace trappe::cli {

std::uint64_t parse_count(const std::string& value, const std::string& option) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty())
        throw std::invalid_argument(option + " needs a whole number");
    return n;
}

double parse_seconds(const std::string& value, const std::string& option) {
    double v = -1;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || !(v >= 0))
        throw std::invalid_argument(option + " needs a number of seconds");
    return v;
}

std::shared_ptr<const plan> load_plan(const std::string& path) {
    const check_result checked = check_rules(path);
    if (!checked.diags.items().empty()) std::cerr << checked.report();
    if (!checked.ok()) return nullptr;
    return compile(checked.checked);
}

}  // namespace trappe::cli
