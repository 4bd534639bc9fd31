// --set overrides, read and validated by the library; see parameter_settings.hpp.

#include "parameter_settings.hpp"

#include <iostream>

#include "eval/parameter_text.hpp"

namespace trappe::cli {

std::string set_usage(std::size_t column) {
    const std::string option = "  --set NAME=VALUE", indent(column, ' ');
    return option + std::string(column > option.size() ? column - option.size() : 1, ' ') +
           "override parameter NAME (repeatable); VALUE as a profile field of its\n" + indent +
           "type is written: --set taerskel_85=hoejt --set opfoelgning_85=6\n";
}

std::shared_ptr<const plan> load_plan(const std::string& path, const command_line& line, const command_spec& spec) {
    std::map<std::string, std::string> texts;
    for (const std::string& setting : line.all("--set")) {
        const std::size_t eq = setting.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--set needs NAME=VALUE, e.g. --set taerskel_85=hoejt", spec.usage);
        const std::string name = setting.substr(0, eq);
        if (!texts.emplace(name, setting.substr(eq + 1)).second)
            throw usage_error("--set gives parameter '" + name + "' twice", spec.usage);
    }
    const check_result checked = check_rules(path);
    if (!checked.diags.items().empty()) std::cerr << checked.report();
    if (!checked.ok()) return nullptr;
    try {
        return compile(checked.checked, detail::read_parameter_overrides(*checked.checked, texts));
    } catch (const parameter_error& e) {
        throw usage_error(std::string("--set: ") + e.what(), spec.usage);
    }
}

}  // namespace trappe::cli
