// Logical disk families: windows_logical_disk_* on Windows, node_filesystem_* and node_disk_* on
// Linux.
#include "config/disk_settings.h"
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {
double n(std::uint64_t value) {
    return static_cast<double>(value);
}
}  // namespace

void appendDiskMetrics(const DiskSection& section, const RenderContext& context, FamilyList& out) {
    const MetricNaming naming = context.naming;
    const auto& settings = context.settings.get<DiskSettings>();
    for (const auto& d : section.disks) {
        if (!settings.exports(d.volume)) {
            continue;
        }
        if (naming == MetricNaming::windows) {
            const Labels l = {{"volume", d.volume}};
            out.info("windows_logical_disk_info",
                     "Volume description: disk numbers (IOCTL_VOLUME_GET_VOLUME_DISK_EXTENTS), "
                     "drive type (GetDriveTypeW), label, file system and serial number "
                     "(GetVolumeInformationW).",
                     {{"disk", d.disk_ids},
                      {"type", d.volume_type},
                      {"volume", d.volume},
                      {"volume_name", d.label},
                      {"filesystem", d.fs_type},
                      {"serial_number", d.serial_number}});
            out.gaugeIf("windows_logical_disk_requests_queued",
                        "Requests queued to the volume now (LogicalDisk Current Disk Queue "
                        "Length, or DISK_PERFORMANCE QueueDepth).",
                        d.requests_queued, l);
            out.gaugeIf("windows_logical_disk_avg_read_requests_queued",
                        "Read queue length integrated over time, in seconds; its rate is the "
                        "average read queue length (Avg. Disk Read Queue Length raw x 1e-7, or "
                        "ReadTime). A gauge in name only, as in windows_exporter.",
                        d.read_queue_seconds, l);
            out.gaugeIf("windows_logical_disk_avg_write_requests_queued",
                        "Write queue length integrated over time, in seconds; its rate is the "
                        "average write queue length (Avg. Disk Write Queue Length raw x 1e-7, or "
                        "WriteTime). A gauge in name only, as in windows_exporter.",
                        d.write_queue_seconds, l);
            out.counterIf("windows_logical_disk_read_bytes_total",
                          "Bytes read from the volume (Disk Read Bytes/sec raw, or BytesRead).",
                          d.read_bytes, l);
            out.counterIf("windows_logical_disk_reads_total",
                          "Read operations on the volume (Disk Reads/sec raw, or ReadCount).",
                          d.reads, l);
            out.counterIf("windows_logical_disk_write_bytes_total",
                          "Bytes written to the volume (Disk Write Bytes/sec raw, or "
                          "BytesWritten).",
                          d.write_bytes, l);
            out.counterIf("windows_logical_disk_writes_total",
                          "Write operations on the volume (Disk Writes/sec raw, or WriteCount).",
                          d.writes, l);
            out.counterIf("windows_logical_disk_read_seconds_total",
                          "Seconds the volume was busy servicing reads (% Disk Read Time raw, "
                          "or ReadTime).",
                          d.read_seconds, l);
            out.counterIf("windows_logical_disk_write_seconds_total",
                          "Seconds the volume was busy servicing writes (% Disk Write Time raw, "
                          "or WriteTime).",
                          d.write_seconds, l);
            out.gauge("windows_logical_disk_free_bytes",
                      "Free space on the volume (GetDiskFreeSpaceExW).", n(d.free_bytes), l);
            out.gauge("windows_logical_disk_size_bytes", "Volume size (GetDiskFreeSpaceExW).",
                      n(d.size_bytes), l);
            out.counterIf("windows_logical_disk_idle_seconds_total",
                          "Seconds the volume was idle (% Idle Time raw, or IdleTime).",
                          d.idle_seconds, l);
            out.counterIf("windows_logical_disk_split_ios_total",
                          "I/Os to the volume split into several I/Os (Split IO/Sec raw, or "
                          "SplitCount).",
                          d.split_ios, l);
            out.counterIf("windows_logical_disk_read_latency_seconds_total",
                          "Sum of the seconds each read took; divide its rate by reads_total's "
                          "for the average (Avg. Disk sec/Read numerator, or ReadTime).",
                          d.read_latency_seconds, l);
            out.counterIf("windows_logical_disk_write_latency_seconds_total",
                          "Sum of the seconds each write took (Avg. Disk sec/Write numerator, or "
                          "WriteTime).",
                          d.write_latency_seconds, l);
            out.counterIf("windows_logical_disk_read_write_latency_seconds_total",
                          "Sum of the seconds each transfer took (Avg. Disk sec/Transfer "
                          "numerator, or ReadTime + WriteTime).",
                          d.read_write_latency_seconds, l);
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
            if (!settings.exports(d.volume) || !d.read_bytes || d.device.rfind("/dev/", 0) != 0) {
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
            out.counterIf("node_disk_reads_merged_total", "The total number of reads merged.",
                          d.reads_merged, l);
            out.counterIf("node_disk_writes_merged_total", "The number of writes merged.",
                          d.writes_merged, l);
            out.counterIf("node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.",
                          d.io_seconds, l);
            out.counterIf("node_disk_io_time_weighted_seconds_total",
                          "The weighted # of seconds spent doing I/Os.", d.io_weighted_seconds, l);
        }
    }
}

}  // namespace sysmetrics
