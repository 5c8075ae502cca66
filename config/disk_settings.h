#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/safe_regex.h"
#include "config/collector_schema.h"

namespace sysmetrics {

// collectors.disks: which volumes become Prometheus series (windows_exporter's
// --collector.logical_disk.volume-include / volume-exclude).
struct DiskSettings : CollectorSettings {
    static constexpr const char* kCollector = "disks";

    std::optional<SafeRegex> volume_include;  // on the volume label; none = every volume
    std::optional<SafeRegex> volume_exclude;

    static std::vector<std::string> keys() { return {"volume_include", "volume_exclude"}; }
    ConfigStatus apply(const std::string& key, const nlohmann::json& value,
                       const std::string& origin, const std::string& path);
    nlohmann::json toJson() const;

    // Whether the volume's series are exported: it matches volume_include (when set) and not
    // volume_exclude.
    bool exports(const std::string& volume) const;
};

}  // namespace sysmetrics
