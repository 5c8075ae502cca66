// Physical disk families: windows_exporter's windows_physical_disk_* on Windows; on Linux the
// one node_exporter diskstats family the disks collector does not already give.
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

void appendPhysicalDiskMetrics(const PhysicalDiskSection& section, const RenderContext& context,
                               FamilyList& out) {
    for (const auto& d : section.disks) {
        if (context.naming == MetricNaming::linux) {
            out.gaugeIf("node_disk_io_now", "The number of I/Os currently in progress.",
                        d.requests_queued, {{"device", d.disk}});
            continue;
        }
        const Labels l = {{"disk", d.disk}};
        out.gaugeIf("windows_physical_disk_requests_queued",
                    "Requests queued to the disk (PhysicalDisk Current Disk Queue Length, or "
                    "DISK_PERFORMANCE QueueDepth).",
                    d.requests_queued, l);
        out.counterIf("windows_physical_disk_read_bytes_total",
                      "Bytes read from the disk (Disk Read Bytes/sec raw, or BytesRead).",
                      d.read_bytes, l);
        out.counterIf("windows_physical_disk_reads_total",
                      "Read operations on the disk (Disk Reads/sec raw, or ReadCount).", d.reads,
                      l);
        out.counterIf("windows_physical_disk_write_bytes_total",
                      "Bytes written to the disk (Disk Write Bytes/sec raw, or BytesWritten).",
                      d.write_bytes, l);
        out.counterIf("windows_physical_disk_writes_total",
                      "Write operations on the disk (Disk Writes/sec raw, or WriteCount).",
                      d.writes, l);
        out.counterIf("windows_physical_disk_read_seconds_total",
                      "Seconds the disk was busy servicing reads (% Disk Read Time raw, or "
                      "ReadTime).",
                      d.read_seconds, l);
        out.counterIf("windows_physical_disk_write_seconds_total",
                      "Seconds the disk was busy servicing writes (% Disk Write Time raw, or "
                      "WriteTime).",
                      d.write_seconds, l);
        out.counterIf("windows_physical_disk_idle_seconds_total",
                      "Seconds the disk was idle (% Idle Time raw, or IdleTime).", d.idle_seconds,
                      l);
        out.counterIf("windows_physical_disk_split_ios_total",
                      "I/Os to the disk split into several I/Os (Split IO/Sec raw, or SplitCount).",
                      d.split_ios, l);
        out.counterIf("windows_physical_disk_read_latency_seconds_total",
                      "Sum of the seconds each read took; divide its rate by reads_total's for "
                      "the average (Avg. Disk sec/Read numerator, or ReadTime).",
                      d.read_latency_seconds, l);
        out.counterIf("windows_physical_disk_write_latency_seconds_total",
                      "Sum of the seconds each write took (Avg. Disk sec/Write numerator, or "
                      "WriteTime).",
                      d.write_latency_seconds, l);
        out.counterIf("windows_physical_disk_read_write_latency_seconds_total",
                      "Sum of the seconds each transfer took (Avg. Disk sec/Transfer numerator, "
                      "or ReadTime + WriteTime).",
                      d.read_write_latency_seconds, l);
    }
}

}  // namespace sysmetrics
