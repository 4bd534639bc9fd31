#include <iostream>

#include "commands.hpp"

namespace trappe::cli {

std::shared_ptr<const plan> load_plan(const std::string& path) {
    const check_result checked = check_rules(path);
    if (!checked.diags.items().empty()) std::cerr << checked.report();
    if (!checked.ok()) return nullptr;
    return compile(checked.checked);
}

}  // namespace trappe::cli
