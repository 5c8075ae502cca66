#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "collectors/collector.h"
#include "collectors/cpu.h"
#include "collectors/disk_performance.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

// One physical disk with windows_exporter's physical_disk counters. Every value is cumulative
// since the disk appeared except requests_queued; a value the source lacks is absent.
struct PhysicalDiskInfo {
    std::string disk;  // Windows: the disk number ("0"); Linux: the device name ("sda")
    std::optional<double> requests_queued;
    std::optional<std::uint64_t> read_bytes, write_bytes, reads, writes, split_ios;
    std::optional<double> read_seconds, write_seconds, idle_seconds;
    // Sums of the time each request took, the numerators of PDH's "Avg. Disk sec/..." counters.
    std::optional<double> read_latency_seconds, write_latency_seconds, read_write_latency_seconds;
};

struct PhysicalDiskSection : Section {
    static constexpr const char* kName = "physical_disk";
    std::string source;  // "pdh", "ioctl" or "diskstats"
    std::vector<PhysicalDiskInfo> disks;
};

// A platform's source: it may keep handles (a PDH query) between reads, and its notes name what
// it cannot provide here.
using PhysicalDiskSource = SectionSource<PhysicalDiskSection>;
std::unique_ptr<PhysicalDiskSource> makePhysicalDiskSource();
using PhysicalDiskCollector = SourceCollector<PhysicalDiskSection>;

// ---- Portable interpretation ----

// The disk number of a PDH PhysicalDisk instance, as windows_exporter cuts it: "0 C:" -> "0",
// "1" -> "1", "2 D: E:" -> "2". None for "_Total" and empty names.
std::optional<std::string> pdhPhysicalDiskNumber(std::string_view instance);

// The English PhysicalDisk counters windows_exporter reads, in its order (kDiskPdhCounters).
extern const std::vector<std::string>& kPhysicalDiskPdhCounters;

// Disks from the raw PDH arrays by counter name. "%" timers are 100 ns units (windows_exporter
// scales them by 1e-7); the "Avg. Disk sec/..." numerators are ticks of `time_base` (the
// counter's PdhGetCounterTimeBase); without a time base they are left out. Instances are in
// first-seen order; _Total is skipped.
std::vector<PhysicalDiskInfo> physicalDisksFromPdh(
    const std::map<std::string, std::vector<PdhRawSample>>& counters,
    std::optional<double> time_base);

// A disk from its DISK_PERFORMANCE. PDH's PhysicalDisk object is computed from the same
// fields: "% Disk Read Time" and "Avg. Disk sec/Read" both from ReadTime (one over elapsed
// time, one over ReadCount), so both families carry ReadTime in seconds.
PhysicalDiskInfo physicalDiskFromPerformance(std::string disk, const DiskPerformance& p);

// The N of every "PhysicalDriveN" among QueryDosDeviceW's names, ascending.
std::vector<unsigned> physicalDriveNumbers(const std::vector<std::string>& dos_names);
// The NUL-separated, double-NUL-terminated list QueryDosDeviceW fills.
std::vector<std::string> splitMultiString(std::string_view text);

// Linux: whole disks (those in `whole_disks`, i.e. /sys/block entries backed by a device) from
// /proc/diskstats; partitions, loop and device-mapper entries are not listed there.
std::vector<PhysicalDiskInfo> physicalDisksFromDiskstats(std::string_view diskstats,
                                                         const std::set<std::string>& whole_disks);

// Windows keeps ReadCount, WriteCount and SplitCount (and the PDH counters over them) in 32
// bits: this keeps 64-bit totals per disk across wraps. A disk that disappears is forgotten.
class PhysicalDiskCountExtender {
public:
    void apply(std::vector<PhysicalDiskInfo>& disks);

private:
    struct Totals {
        WrappingCounter reads, writes, split_ios;
    };
    std::map<std::string, Totals> totals_;
};

}  // namespace sysmetrics
