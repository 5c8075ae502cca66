#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "collectors/section.h"

namespace sysmetrics {

struct ServiceInfo {
    std::string name;
    std::string display_name;
    std::string state;  // stopped, start_pending, stop_pending, running, continue_pending,
                        // pause_pending, paused
    std::uint32_t pid = 0;
    // Unix seconds the process `pid` was created (Windows: GetProcessTimes at each read, as
    // windows_exporter asks at each scrape); 0 when unknown.
    double process_start_time = 0;
    std::string start_type;  // boot, system, auto, manual, disabled
    bool delayed_start = false;
    std::string path;
    std::string account;
    std::string description;
};

struct ServiceSection : Section {
    static constexpr const char* kName = "services";
    std::vector<ServiceInfo> services;  // sorted by name
};

// Windows names, from SERVICE_STATUS_PROCESS::dwCurrentState (1..7) and the start type (0..4).
std::string serviceStateName(std::uint32_t state);
std::string serviceStartTypeName(std::uint32_t start_type);
// "unknown" when the configuration could not be read (hardened service DACL, a less privileged
// account, a service deleted meanwhile): never the name of start type 0, which is "boot".
std::string serviceStartTypeName(const std::optional<std::uint32_t>& start_type);
extern const std::vector<std::string> kServiceStates;
extern const std::vector<std::string> kServiceStartTypes;

// Keeps one SCM handle for its life; configuration details are cached and refreshed on a slower
// interval than states. Linux: unsupported (systemd units are out of scope).
class ServiceSource {
public:
    virtual ~ServiceSource() = default;
    virtual Result<std::vector<ServiceInfo>> read() = 0;
};
std::unique_ptr<ServiceSource> makeServiceSource();

}  // namespace sysmetrics
