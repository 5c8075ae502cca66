#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "collectors/cpu.h"
#include "collectors/disk_performance.h"
#include "collectors/probe_collector.h"
#include "collectors/section.h"

namespace sysmetrics {

struct DiskInfo {
    // Windows: the name PDH's LogicalDisk object (and so windows_exporter) gives the volume: "C:",
    // a mount folder "D:\mnt\data", or "HarddiskVolume5" for a volume without either.
    // Linux: the mount point.
    std::string volume;
    std::string device;  // Linux /dev/sda1; Windows the volume GUID path \\?\Volume{...}\ .
    std::string fs_type;
    std::string label;
    std::string drive_type;  // fixed, removable, network, cdrom, ramdisk
    bool read_only = false;
    // Windows: every path the volume is mounted at ("C:\", "D:\mnt\data\"), its NT device
    // ("HarddiskVolume5"), the disk numbers it spans as windows_exporter's info label writes
    // them ("0", "0;1"; empty when IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS fails), its serial
    // number in upper-case hex, and GetDriveTypeW in windows_exporter's words (fixed, removable,
    // remote, cdrom, ramdisk, unknown, norootdir).
    std::vector<std::string> mount_points;
    std::string nt_device;
    std::string disk_ids;
    std::string serial_number;
    std::string volume_type;
    std::uint64_t size_bytes = 0;
    std::uint64_t free_bytes = 0;       // free for anyone
    std::uint64_t available_bytes = 0;  // free for the caller (quotas, root reserve)
    std::optional<std::uint64_t> files, files_free;
    std::optional<std::uint64_t> read_bytes, write_bytes, reads, writes;
    std::optional<double> read_seconds, write_seconds;
    // windows_exporter's other LogicalDisk counters (Windows only). requests_queued is the queue
    // now; the rest are cumulative. read/write_queue_seconds integrate the queue length over time
    // (PDH "Avg. Disk Read/Write Queue Length" numerators in seconds: ReadTime / WriteTime);
    // the latency sums add up the time each request took (the "Avg. Disk sec/..." numerators).
    std::optional<double> requests_queued;
    std::optional<double> read_queue_seconds, write_queue_seconds, idle_seconds;
    std::optional<std::uint64_t> split_ios;
    std::optional<double> read_latency_seconds, write_latency_seconds, read_write_latency_seconds;
    // Linux only (/proc/diskstats): adjacent requests merged, seconds spent doing I/O and those
    // seconds weighted by the requests in flight.
    std::optional<std::uint64_t> reads_merged, writes_merged;
    std::optional<double> io_seconds, io_weighted_seconds;
    // Per second since the previous collection; empty on the first one or across a reset.
    std::optional<double> read_bytes_per_second, write_bytes_per_second;
    std::optional<double> reads_per_second, writes_per_second;

    // The share of the space users may fill that is used, 0 to 100, as df computes it:
    // used / (used + available), used = size - free; what only root (Linux reserved blocks) or
    // another user (Windows quotas) may take counts as neither. Empty for a volume of no size.
    std::optional<double> usedPercent() const;
};

struct DiskSection : Section {
    static constexpr const char* kName = "disks";
    std::string source;  // the I/O counters' source: "pdh", "ioctl" or "diskstats"
    std::vector<DiskInfo> disks;
};

// A platform's source: it may keep handles (a PDH query) between reads, and its notes name what
// it cannot provide here.
class DiskSource {
public:
    virtual ~DiskSource() = default;
    virtual Result<DiskSection> read() = 0;
    virtual std::vector<std::string> notes() const { return {}; }
};
// The platform's source (collectors/windows or collectors/linux).
std::unique_ptr<DiskSource> makeDiskSource();

// Fills the per-second rates of `current`'s volumes from the same volumes in `previous`.
void deriveDiskRates(const DiskSection& previous, DiskSection& current, double seconds);

class DiskCollector : public ProbeCollector<DiskSection> {
public:
    explicit DiskCollector(std::shared_ptr<DiskSource> source)
        : ProbeCollector<DiskSection>([source]() { return source->read(); }, &deriveDiskRates),
          source_(std::move(source)) {}
    std::vector<std::string> notes() const override { return source_->notes(); }

private:
    std::shared_ptr<DiskSource> source_;
};

// ---- Windows volumes, portable interpretation ----

// The PDH LogicalDisk instance name of a volume, as windows_exporter labels it: its drive
// letter ("C:") when it has one, else its first mount folder without the trailing backslash,
// else its NT device name ("HarddiskVolume5" from "\Device\HarddiskVolume5"); "" without any.
std::string logicalDiskName(const std::vector<std::string>& mount_points,
                            const std::string& nt_device_path);

// The disk numbers of VOLUME_DISK_EXTENTS (IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS: a DWORD count
// at 0, then DISK_EXTENTs of 24 bytes from offset 8, each starting with its DWORD DiskNumber);
// none when the bytes are shorter than the count says.
std::optional<std::vector<std::uint32_t>> parseVolumeDiskExtents(const std::uint8_t* data,
                                                                 std::size_t size);
// windows_exporter's `disk` label: the numbers as text, sorted as text, unique, joined by ";".
std::string diskIdsLabel(const std::vector<std::uint32_t>& numbers);
// windows_exporter's `serial_number` label: upper-case hex without leading zeros ("%X").
std::string volumeSerialLabel(std::uint32_t serial);
// windows_exporter's `type` label for a GetDriveTypeW value (DRIVE_UNKNOWN 0 .. DRIVE_RAMDISK 6).
std::string logicalDiskTypeLabel(unsigned drive_type);

// The English LogicalDisk counters windows_exporter reads, except its free-space ones (we take
// GetDiskFreeSpaceExW): kDiskPdhCounters and the two queue-length integrals.
// A function, not a global: it is built from kDiskPdhCounters, another file's global.
const std::vector<std::string>& logicalDiskPdhCounters();

// Sets the counters of `volumes` from raw PDH LogicalDisk arrays by counter name. An instance
// matches the volume whose name, mount folder (without the trailing backslash) or NT device it
// is, and takes the instance name as its `volume`; "Avg. Disk Read/Write Queue Length"
// (PERF_COUNTER_100NS_QUEUELEN_TYPE) are 100 ns integrals, scaled by 1e-7 as windows_exporter does.
// Returns the instances no volume matched
// (_Total is skipped), in order.
std::vector<std::string> applyLogicalDiskPdh(
    const std::map<std::string, std::vector<PdhRawSample>>& counters,
    std::optional<double> time_base, std::vector<DiskInfo>& volumes);

// A volume's counters from its DISK_PERFORMANCE (the fallback where PDH has no LogicalDisk).
void applyLogicalDiskPerformance(const DiskPerformance& p, DiskInfo& volume);

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
    std::uint64_t reads_merged = 0, writes_merged = 0;
    double io_seconds = 0;           // time with at least one request in flight
    double io_weighted_seconds = 0;  // that time weighted by the requests in flight
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
        WrappingCounter reads, writes, split_ios;
    };
    std::map<std::string, Totals> totals_;
};

}  // namespace sysmetrics
