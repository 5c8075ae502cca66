#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "base/config_error.h"

namespace sysmetrics {

// A collector's own settings beyond `enabled` and `interval_seconds`. Each kind is a struct in
// config/<collector>_settings.h that names its collector (`kCollector`), lists its keys
// (`keys()`), applies one key (`apply`), and writes itself back as JSON (`toJson`). Patterns are
// compiled once, when the key is applied. Immutable once stored; Config copies share them.
class CollectorSettings {
public:
    virtual ~CollectorSettings() = default;
};

using SettingsPtr = std::shared_ptr<const CollectorSettings>;

// Every collector's settings, by collector; a collector without any reads its defaults.
class SettingsMap {
public:
    void set(const std::string& collector, SettingsPtr settings) {
        map_[collector] = std::move(settings);
    }
    SettingsPtr find(const std::string& collector) const {
        auto it = map_.find(collector);
        return it == map_.end() ? nullptr : it->second;
    }
    template <typename Settings>
    const Settings& get() const {
        if (const auto* typed = dynamic_cast<const Settings*>(find(Settings::kCollector).get())) {
            return *typed;
        }
        static const Settings kDefaults{};
        return kDefaults;
    }

private:
    std::map<std::string, SettingsPtr> map_;
};

// What the configuration needs to know of one collector. The catalog
// (service/collector_catalog.cpp) gives one per collector; config reads them, never a list of
// its own.
struct CollectorSchema {
    std::string name;
    bool enabled_by_default = true;
    std::chrono::milliseconds default_interval{5000};
    // > 0: while nobody reads its data it collects only this often (idle_interval_seconds).
    std::chrono::milliseconds default_idle_interval{0};
    std::vector<std::string> keys;  // its own keys; empty when it has none
    // Null when it has no keys of its own.
    std::function<SettingsPtr()> defaults;
    // Applies one of its keys onto `settings` (copy on write); the error names the key.
    std::function<ConfigStatus(SettingsPtr& settings, const std::string& key,
                               const nlohmann::json& value, const std::string& origin,
                               const std::string& path)>
        apply;
    std::function<nlohmann::json(const CollectorSettings&)> to_json;
};

using CollectorSchemas = std::vector<CollectorSchema>;

// A schema for a collector whose settings are `Settings` (see CollectorSettings).
template <typename Settings>
CollectorSchema schemaWithSettings(CollectorSchema schema) {
    schema.keys = Settings::keys();
    schema.defaults = [] { return SettingsPtr(std::make_shared<const Settings>()); };
    schema.apply = [](SettingsPtr& settings, const std::string& key, const nlohmann::json& value,
                      const std::string& origin, const std::string& path) -> ConfigStatus {
        const auto* current = dynamic_cast<const Settings*>(settings.get());
        auto changed = std::make_shared<Settings>(current ? *current : Settings{});
        ConfigStatus status = changed->apply(key, value, origin, path);
        if (status.ok()) {
            settings = std::move(changed);
        }
        return status;
    };
    schema.to_json = [](const CollectorSettings& settings) {
        return static_cast<const Settings&>(settings).toJson();
    };
    return schema;
}

}  // namespace sysmetrics
