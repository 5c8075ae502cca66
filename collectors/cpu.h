#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "collectors/cpu_modes.h"
#include "collectors/section.h"

namespace sysmetrics {

// One logical processor's values from PDH's "Processor Information" object, as windows_exporter's
// cpu collector takes them from the raw counters (collectors/cpu_pdh.h); each is absent when PDH
// lacks its counter.
struct ProcessorInformationValues {
    std::optional<double> c1_seconds, c2_seconds, c3_seconds;  // % C1/C2/C3 Time
    std::optional<double> clock_interrupts;                    // Clock Interrupts/sec
    std::optional<double> idle_break_events;                   // Idle Break Events/sec
    std::optional<double> parking_status;                      // Parking Status
    std::optional<double> performance;  // % Processor Performance (its first raw value)
    std::optional<double> mperf;        // ... its second raw value, summed from our first reading
    std::optional<double> utility;      // % Processor Utility (its first raw value)
    std::optional<double> rtc;          // ... its second raw value, summed from our first reading
    std::optional<double> privileged_utility;  // % Privileged Utility
};

// Cumulative times of one logical CPU.
struct CoreTimes {
    // Windows: PDH's Processor Information instance name "<NUMA node>,<index in node>" ("0,3"),
    // as windows_exporter labels cores (collectors/cpu_groups.h); Linux "3".
    std::string id;
    ModeValues seconds;  // each mode's time in seconds, every core of a sample with the same modes
    std::optional<std::uint64_t> interrupts;
    std::optional<std::uint64_t> dpcs;
    std::optional<double> frequency_mhz;
    // Linux: guest time, already counted in user and nice, kept apart as node_exporter does.
    std::optional<double> guest_seconds;
    std::optional<double> guest_nice_seconds;
    std::optional<ProcessorInformationValues> processor_information;  // Windows, from PDH
};

// One processor package (socket) as windows_exporter's cpu_info collector shows a WMI
// Win32_Processor instance (collectors/cpu_info.h says where each value comes from).
struct CpuPackageInfo {
    std::string device_id;           // "CPU0", "CPU1", ... in Windows' package order
    std::uint16_t architecture = 0;  // Win32_Processor Architecture (PROCESSOR_ARCHITECTURE_*)
    std::string description;         // "Intel64 Family 6 Model 158 Stepping 10"
    std::uint16_t family = 2;        // SMBIOS processor family; 2 = Unknown
    std::string name;                // "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"
    std::uint32_t cores = 0;
    std::uint32_t enabled_cores = 0;
    std::uint32_t logical_processors = 0;
    std::uint32_t threads = 0;
    std::optional<std::uint64_t> l2_cache_kib;  // none where no source knows the caches
    std::optional<std::uint64_t> l3_cache_kib;
};

struct CpuInfo {
    std::string model_name;
    std::uint32_t logical_processors = 0;
    std::optional<std::uint32_t> physical_cores;
    std::optional<std::uint32_t> sockets;
    std::optional<std::uint32_t> numa_nodes;
    std::optional<double> base_mhz;
    std::vector<CpuPackageInfo> packages;  // Windows; read once at start
};

// One reading of every CPU source.
struct CpuSample {
    std::vector<CoreTimes> cores;
    std::optional<std::uint64_t> context_switches;
    std::optional<std::uint64_t> system_calls;
    std::optional<std::uint64_t> interrupts;
    std::optional<std::uint64_t> exception_dispatches;
    std::optional<std::uint64_t> processes_created;
    std::optional<std::uint64_t> procs_running;
    std::optional<std::uint64_t> procs_blocked;
    std::optional<double> processor_queue_length;
    std::optional<double> load1, load5, load15;
    std::optional<double> processor_utility_percent;      // PDH, may exceed 100 with turbo
    std::optional<double> processor_performance_percent;  // PDH
    CpuInfo info;
};

// Busy share per mode over an interval, in percent of the time that passed.
struct CpuUsage {
    ModeValues percent;       // per mode, as the readings name them
    double busy_percent = 0;  // everything but idle (and iowait, which is idle too)
};

// CpuSample's cumulative counters per second over the interval; empty where unknown.
struct CpuCounterRates {
    std::optional<double> context_switches, system_calls, interrupts, exception_dispatches,
        processes_created;
};

struct CpuSection : Section {
    static constexpr const char* kName = "cpu";
    CpuSample sample;
    CpuCounterRates counter_rates;
    double interval_seconds = 0;  // between the two samples the usage comes from; 0 = first
    std::optional<CpuUsage> total_usage;
    std::vector<std::optional<CpuUsage>> core_usage;  // parallel to sample.cores
};

// Usage between two cumulative readings of the same modes. Empty when the readings cannot be
// compared: different modes, a counter that went backwards (reset or wrap), or no time.
std::optional<CpuUsage> usageBetween(const ModeValues& before, const ModeValues& after);

// Fills interval and usage of `current` from the previous sample; cores are matched by id, so a
// CPU that went offline or came online simply has no usage this time.
CpuSection cpuSectionFrom(const CpuSample* previous, CpuSample current, double interval_seconds);

// Windows: SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION values (100 ns units) to mode times.
// KernelTime includes idle, DPC and interrupt time: the sample's privileged = kernel - idle - dpc -
// interrupt, so the modes partition the time that passed (usage percentages add up to 100).
struct WindowsProcessorTimes {
    std::uint64_t idle = 0;
    std::uint64_t kernel = 0;
    std::uint64_t user = 0;
    std::uint64_t dpc = 0;
    std::uint64_t interrupt = 0;
    std::uint32_t interrupt_count = 0;
};
CoreTimes coreTimesFromWindows(const std::string& id, const WindowsProcessorTimes& raw);
// "<group>,<number>": how the NT per-processor readings are keyed while they are joined (each NT
// call answers per processor group); the probe then renames the cores as PDH names them
// (numaCoreLabels, collectors/cpu_groups.h), which is the same on a host with one NUMA node.
std::string windowsCoreLabel(std::uint32_t group, std::uint32_t number);

// Seconds of `mode` as PDH and windows_exporter define them: "% Privileged Time" includes DPC
// and interrupt time, so windows_cpu_time_total{mode="privileged"} carries them too.
double windowsExporterModeSeconds(const CoreTimes& core, std::string_view mode);

// Keeps every core's mode times from stepping back between readings: a derived mode (Windows
// privileged = kernel - idle - dpc - interrupt) can dip when its parts are read a moment apart,
// and a counter that steps back is a reset to Prometheus.
class CoreTimesFloor {
public:
    void apply(std::vector<CoreTimes>& cores);

private:
    std::map<std::string, ModeValues> last_;
};

// Windows keeps some system counters in 32 bits; this keeps a 64-bit total across wraps.
class WrappingCounter {
public:
    std::uint64_t update(std::uint32_t raw);

private:
    bool seeded_ = false;
    std::uint32_t last_ = 0;
    std::uint64_t total_ = 0;
};

// Linux: /proc/stat into times (ticks_per_second from sysconf(_SC_CLK_TCK)) and counters.
Result<CpuSample> cpuSampleFromProcStat(std::string_view text, double ticks_per_second);
// /proc/loadavg's three averages.
bool applyLoadavg(std::string_view text, CpuSample& sample);
// /proc/cpuinfo: model name, sockets (physical ids) and physical cores (physical id, core id).
CpuInfo cpuInfoFromProcCpuinfo(std::string_view text);

// A platform's source of samples; it may keep handles (a PDH query) between reads.
class CpuSource {
public:
    virtual ~CpuSource() = default;
    virtual Result<CpuSample> read() = 0;
    virtual std::vector<std::string> notes() const { return {}; }
};

std::unique_ptr<CpuSource> makeCpuSource();

}  // namespace sysmetrics
