#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "collectors/section.h"

namespace sysmetrics {

struct SystemSection : Section {
    static constexpr const char* kName = "system";

    std::string hostname;
    std::string domain;
    std::string fqdn;
    std::string os_family;   // "windows" or "linux"
    std::string os_product;  // "Windows 10 Pro", "Debian GNU/Linux 12 (bookworm)"
    std::string os_version;  // "10.0.19045", kernel release on Linux
    std::uint32_t os_major = 0;
    std::uint32_t os_minor = 0;
    std::uint32_t os_build = 0;
    std::string architecture;
    double boot_time = 0;  // unix seconds
    double uptime_seconds = 0;
    std::uint32_t logical_cpus = 0;
    std::uint64_t processes = 0;
    std::uint64_t threads = 0;
    std::optional<std::uint64_t> handles;  // Windows only
};

struct VersionNumbers {
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::uint32_t build = 0;
};

// "6.1.0-18-amd64" -> 6, 1, 0; missing parts are 0.
VersionNumbers parseVersionNumbers(std::string_view release);

// PRETTY_NAME from the text of /etc/os-release, unquoted; "" when absent.
std::string prettyNameFromOsRelease(std::string_view text);

// The "btime" line of /proc/stat.
std::optional<double> bootTimeFromProcStat(std::string_view text);

// The first number of /proc/uptime.
std::optional<double> uptimeFromProcUptime(std::string_view text);

// Scheduling entities (threads) from the 4th field of /proc/loadavg ("1/234").
std::optional<std::uint64_t> threadsFromLoadavg(std::string_view text);

// Boot time from the wall clock and milliseconds since boot (Windows' GetTickCount64).
double bootTimeFromTicks(double now_seconds, std::uint64_t ticks_ms);

// The registry's ProductName still says "Windows 10" on Windows 11 (build 22000 and later).
std::string windowsProductName(const std::string& registry_product, std::uint32_t build);

// The platform probe.
Result<SystemSection> readSystem();

}  // namespace sysmetrics
