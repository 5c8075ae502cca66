#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

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
    std::uint32_t os_revision = 0;  // Windows: registry UBR
    std::string architecture;
    double boot_time = 0;  // unix seconds
    double uptime_seconds = 0;
    std::uint32_t logical_cpus = 0;
    std::uint64_t processes = 0;
    std::uint64_t threads = 0;
    std::optional<std::uint64_t> handles;  // Windows only
    // Windows: the time zone's registry key name ("W. Europe Standard Time"), "" when unknown.
    std::string timezone;
    // Windows: users logged on (NetWkstaGetInfo level 102); absent when it fails.
    std::optional<std::uint32_t> logged_on_users;
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

// The "processes" line of /proc/stat: tasks (processes and threads) created since boot.
std::optional<std::uint64_t> forksFromProcStat(std::string_view text);

// The first number of /proc/uptime.
std::optional<double> uptimeFromProcUptime(std::string_view text);

// Scheduling entities (threads) from the 4th field of /proc/loadavg ("1/234").
std::optional<std::uint64_t> threadsFromLoadavg(std::string_view text);

// Boot time from the wall clock and milliseconds since boot (Windows' GetTickCount64).
double bootTimeFromTicks(double now_seconds, std::uint64_t ticks_ms);

// The registry's ProductName still says "Windows 10" on Windows 11 (build 22000 and later).
std::string windowsProductName(const std::string& registry_product, std::uint32_t build);

// Counting processes on Linux walks every one (/proc), a cost that grows with them. The count
// cannot have changed while no task was created (the kernel's fork counter) and none ended (its
// task count, which a creation would also move): read both before each walk, and a walk whose
// two readings equal the last walk's may keep its count. Both counters are the whole kernel's,
// so a change in another PID namespace only costs a walk.
class ProcessCountReuse {
public:
    // The last walk's count while it is certainly right.
    std::optional<std::uint64_t> reuse(std::uint64_t forks, std::uint64_t tasks) const;
    // The last walk's count while it is certainly right, or while it is younger than
    // `max_age_seconds` and the task count (threads, the whole host's) has moved by at most
    // `max_task_share` of the processes that walk counted: a count that may lag by a few
    // processes, not through a start or exit of more than that share.
    std::optional<std::uint64_t> reuseRecent(std::uint64_t forks, std::uint64_t tasks, double now,
                                             double max_age_seconds, double max_task_share) const;
    void remember(std::uint64_t forks, std::uint64_t tasks, std::uint64_t count, double now = 0);

private:
    struct Walk {
        std::uint64_t forks;
        std::uint64_t tasks;
        std::uint64_t count;
        double at;
    };
    std::optional<Walk> last_;
};

// The platform's source.
std::unique_ptr<SectionSource<SystemSection>> makeSystemSource();

}  // namespace sysmetrics
