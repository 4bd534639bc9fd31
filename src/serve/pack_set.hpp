#pragma once
// The rule packs the service serves, and their atomic reload.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "trappe/trappe.hpp"

namespace trappe::serve {

/// Plans compiled with parameter overrides, kept so that a client repeating
/// the same overrides does not compile the rules on every request.
class override_cache {
public:
    /// The plan of `checked` with `overrides`; throws parameter_error like compile().
    [[nodiscard]] std::shared_ptr<const plan> get(const std::shared_ptr<const program>& checked,
                                                  const parameter_overrides& overrides);

private:
    static constexpr std::size_t capacity = 32;
    std::mutex mutex_;
    std::map<parameter_overrides, std::shared_ptr<const plan>> plans_;
};

/// One loaded pack. Immutable once loaded, except the cache (thread-safe).
struct pack {
    std::string name;  // the pack's own name (program::pack_name), used in URLs
    std::string hash;  // program::content_hash
    std::shared_ptr<const program> checked;
    std::shared_ptr<const plan> compiled;
    std::string schema;  // the JSON Schema document served for it
    std::unique_ptr<override_cache> overrides = std::make_unique<override_cache>();
};

/// A snapshot of every pack. A request holds its snapshot to the end, so a
/// reload never changes the plan under a request in progress.
struct pack_set {
    std::vector<pack> packs;
    [[nodiscard]] const pack* find(std::string_view name) const;
};

/// The packs of the rule folders given on the command line.
class pack_registry {
public:
    explicit pack_registry(std::vector<std::string> paths) : paths_(std::move(paths)) {}

    /// Checks and compiles every folder again. On success the new set replaces
    /// the current one at once; on any error the current set stays and false is
    /// returned with the diagnostics (rule text only) in `report`.
    bool load(std::string& report);

    [[nodiscard]] std::shared_ptr<const pack_set> current() const;

private:
    std::vector<std::string> paths_;
    std::mutex load_mutex_;  // one reload at a time
    mutable std::mutex mutex_;
    std::shared_ptr<const pack_set> current_;
};

}  // namespace trappe::serve
