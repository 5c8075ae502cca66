#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "collectors/cpu.h"
#include "collectors/section.h"

namespace sysmetrics {

struct DiskInfo {
    std::string volume;  // Windows "C:"; Linux the mount point
    std::string device;  // Linux /dev/sda1; Windows the volume GUID path when known
    std::string fs_type;
    std::string label;
    std::string drive_type;  // fixed, removable, network, cdrom, ramdisk
    bool read_only = false;
    std::uint64_t size_bytes = 0;
    std::uint64_t free_bytes = 0;       // free for anyone
    std::uint64_t available_bytes = 0;  // free for the caller (quotas, root reserve)
    std::optional<std::uint64_t> files, files_free;
    std::optional<std::uint64_t> read_bytes, write_bytes, reads, writes;
    std::optional<double> read_seconds, write_seconds;
    // Per second since the previous collection; empty on the first one or across a reset.
    std::optional<double> read_bytes_per_second, write_bytes_per_second;
    std::optional<double> reads_per_second, writes_per_second;
};

struct DiskSection : Section {
    static constexpr const char* kName = "disks";
    std::vector<DiskInfo> disks;
};

Result<DiskSection> readDisks();

// Fills the per-second rates of `current`'s volumes from the same volumes in `previous`.
void deriveDiskRates(const DiskSection& previous, DiskSection& current, double seconds);

// Linux: the /proc/mounts entries that are real filesystems (no proc, sysfs, cgroup, ...).
struct MountEntry {
    std::string device, mount_point, fs_type;
    bool read_only = false;
};
std::vector<MountEntry> realMounts(std::string_view proc_mounts);

// /proc/diskstats counters by device name.
struct DiskCounters {
    std::uint64_t reads = 0, writes = 0, read_bytes = 0, write_bytes = 0;
    double read_seconds = 0, write_seconds = 0;
    std::uint64_t in_flight = 0;  // requests issued and not yet completed
};
std::map<std::string, DiskCounters> parseDiskstats(std::string_view text);

// Windows' DISK_PERFORMANCE (IOCTL_DISK_PERFORMANCE), parsed from its bytes.
std::optional<DiskCounters> parseDiskPerformance(const std::uint8_t* data, std::size_t size);

// DISK_PERFORMANCE ReadCount and WriteCount are 32 bits: this keeps 64-bit totals per volume
// across their wraps, so a wrap is not a counter reset to Prometheus. A volume that disappears
// is forgotten; when it comes back it starts from its raw value.
class DiskCountExtender {
public:
    void apply(std::vector<DiskInfo>& disks);

private:
    struct Totals {
        WrappingCounter reads, writes;
    };
    std::map<std::string, Totals> totals_;
};

}  // namespace sysmetrics
