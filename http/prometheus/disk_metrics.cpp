// Logical disk families: windows_logical_disk_* on Windows, node_filesystem_* and node_disk_* on
// Linux.
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {
double n(std::uint64_t value) {
    return static_cast<double>(value);
}
}  // namespace

void appendDiskMetrics(const DiskSection& section, const RenderContext& context, FamilyList& out) {
    const MetricNaming naming = context.naming;
    for (const auto& d : section.disks) {
        if (naming == MetricNaming::windows) {
            const Labels l = {{"volume", d.volume}};
            out.gauge("windows_logical_disk_size_bytes", "Volume size (GetDiskFreeSpaceExW).",
                      n(d.size_bytes), l);
            out.gauge("windows_logical_disk_free_bytes",
                      "Free space on the volume (GetDiskFreeSpaceExW).", n(d.free_bytes), l);
            if (d.read_bytes) {
                out.counter("windows_logical_disk_read_bytes_total",
                            "Bytes read (IOCTL_DISK_PERFORMANCE).", n(*d.read_bytes), l);
                out.counter("windows_logical_disk_write_bytes_total", "Bytes written.",
                            n(*d.write_bytes), l);
                out.counter("windows_logical_disk_reads_total", "Read operations.", n(*d.reads), l);
                out.counter("windows_logical_disk_writes_total", "Write operations.", n(*d.writes),
                            l);
                out.counter("windows_logical_disk_read_seconds_total", "Seconds spent reading.",
                            *d.read_seconds, l);
                out.counter("windows_logical_disk_write_seconds_total", "Seconds spent writing.",
                            *d.write_seconds, l);
            }
            continue;
        }
        const Labels l = {{"device", d.device}, {"fstype", d.fs_type}, {"mountpoint", d.volume}};
        out.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", n(d.size_bytes), l);
        out.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", n(d.free_bytes),
                  l);
        out.gauge("node_filesystem_avail_bytes",
                  "Filesystem space available to non-root users in bytes.", n(d.available_bytes),
                  l);
        if (d.files) {
            out.gauge("node_filesystem_files", "Filesystem total file nodes.", n(*d.files), l);
            out.gauge("node_filesystem_files_free", "Filesystem total free file nodes.",
                      n(*d.files_free), l);
        }
        out.gauge("node_filesystem_readonly", "Filesystem read-only status.", d.read_only ? 1 : 0,
                  l);
    }
    if (naming == MetricNaming::linux) {
        for (const auto& d : section.disks) {
            if (!d.read_bytes || d.device.rfind("/dev/", 0) != 0) {
                continue;
            }
            const Labels l = {{"device", d.device.substr(5)}};
            out.counter("node_disk_read_bytes_total",
                        "The total number of bytes read successfully.", n(*d.read_bytes), l);
            out.counter("node_disk_written_bytes_total",
                        "The total number of bytes written successfully.", n(*d.write_bytes), l);
            out.counter("node_disk_reads_completed_total",
                        "The total number of reads completed successfully.", n(*d.reads), l);
            out.counter("node_disk_writes_completed_total",
                        "The total number of writes completed successfully.", n(*d.writes), l);
            out.counter("node_disk_read_time_seconds_total",
                        "The total number of seconds spent by all reads.", *d.read_seconds, l);
            out.counter("node_disk_write_time_seconds_total",
                        "This is the total number of seconds spent by all writes.",
                        *d.write_seconds, l);
        }
    }
}

}  // namespace sysmetrics
