#pragma once

#include <memory>
#include <string>

namespace sysmetrics {

class RemoteWriteStats;
class History;

// Facts about this running service shown by /api/v1/system and the self-metrics.
struct RuntimeInfo {
    std::string version;
    std::string platform;  // "windows" or "linux"
    double started_at = 0;
    // SeDebugPrivilege: "enabled", "not_held", "not_applicable" (Linux), or "failed: <why>".
    std::string debug_privilege = "not_applicable";
    std::string config_path;
    std::string listen;
    // Remote write's counters for /metrics and /api/v1/remote_write; null in tools and tests.
    std::shared_ptr<const RemoteWriteStats> remote_write = nullptr;
    // The recent past of host-level series for /api/v1/history; null in tools and tests.
    std::shared_ptr<const History> history = nullptr;
};

}  // namespace sysmetrics
