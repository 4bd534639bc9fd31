// Loading packs, swapping snapshots, caching override plans; see pack_set.hpp.

#include "pack_set.hpp"

#include "schema.hpp"

namespace trappe::serve {

std::shared_ptr<const plan> override_cache::get(const std::shared_ptr<const program>& checked,
                                                const parameter_overrides& overrides) {
    {
        const std::lock_guard lock(mutex_);
        if (auto it = plans_.find(overrides); it != plans_.end()) return it->second;
    }
    auto compiled = compile(checked, overrides);  // outside the lock: compiling takes a while
    const std::lock_guard lock(mutex_);
    if (plans_.size() >= capacity) plans_.clear();  // bounded; a client cannot grow it without end
    plans_.emplace(overrides, compiled);
    return compiled;
}

const pack* pack_set::find(std::string_view name) const {
    for (const pack& p : packs)
        if (p.name == name) return &p;
    return nullptr;
}

bool pack_registry::load(std::string& report) {
    const std::lock_guard serial(load_mutex_);
    auto next = std::make_shared<pack_set>();
    bool ok = true;
    for (const std::string& path : paths_) {
        const check_result checked = check_rules(path);
        if (!checked.diags.items().empty()) report += checked.report();
        if (!checked.ok()) {
            ok = false;
            continue;
        }
        pack p;
        p.name = checked.checked->pack_name;
        p.hash = checked.checked->content_hash;
        p.checked = checked.checked;
        p.compiled = compile(checked.checked);
        p.schema = schema_document(*p.compiled);
        if (next->find(p.name) != nullptr) {
            report += "trappe serve: two rule folders hold the pack '" + p.name + "'\n";
            ok = false;
            continue;
        }
        next->packs.push_back(std::move(p));
    }
    if (!ok) return false;
    const std::lock_guard lock(mutex_);
    current_ = std::move(next);
    return true;
}

std::shared_ptr<const pack_set> pack_registry::current() const {
    const std::lock_guard lock(mutex_);
    return current_;
}

}  // namespace trappe::serve
