#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/nt_time.h"
#include "collectors/nt_layouts.h"
#include "collectors/pdh_raw.h"

namespace sysmetrics {

// The English counters PDH's PhysicalDisk and LogicalDisk objects share and windows_exporter
// reads from both, in its order. Both objects are computed by Windows from DISK_PERFORMANCE.
extern const std::vector<std::string> kDiskPdhCounters;

// How one of kDiskPdhCounters' raw FirstValues lands in a disk record `d` (PhysicalDiskInfo or
// DiskInfo, which name these fields alike); false for a counter not in that list.
// - "Current Disk Queue Length" (PERF_COUNTER_RAWCOUNT): the queue depth now.
// - "Disk Read Bytes/sec", "Disk Reads/sec", ..., "Split IO/Sec" (PERF_COUNTER_BULK_COUNT /
//   PERF_COUNTER_COUNTER): cumulative counts, taken raw.
// - "% Disk Read Time", "% Disk Write Time", "% Idle Time" (PERF_PRECISION_100NS_TIMER): the
//   cumulative ReadTime / WriteTime / IdleTime in 100 ns units; windows_exporter scales by 1e-7.
// - "Avg. Disk sec/Read", ".../Write", ".../Transfer" (PERF_AVERAGE_TIMER): the numerator is the
//   summed time of every request in ticks of the counter's time base (PdhGetCounterTimeBase);
//   windows_exporter multiplies by 1e-7, which is the same for the usual 10 MHz time base. Without
//   a time base these are left out.
template <typename Disk>
bool applyDiskPdhValue(const std::string& counter, std::int64_t first,
                       std::optional<double> time_base, Disk& d) {
    const auto count = static_cast<std::uint64_t>(first);
    const double seconds_100ns = ticksToSeconds(count);
    const std::optional<double> ticks_seconds =
        time_base && *time_base > 0 ? std::optional<double>(static_cast<double>(first) / *time_base)
                                    : std::nullopt;
    if (counter == "Current Disk Queue Length") {
        d.requests_queued = static_cast<double>(first);
    } else if (counter == "Disk Read Bytes/sec") {
        d.read_bytes = count;
    } else if (counter == "Disk Reads/sec") {
        d.reads = count;
    } else if (counter == "Disk Write Bytes/sec") {
        d.write_bytes = count;
    } else if (counter == "Disk Writes/sec") {
        d.writes = count;
    } else if (counter == "% Disk Read Time") {
        d.read_seconds = seconds_100ns;
    } else if (counter == "% Disk Write Time") {
        d.write_seconds = seconds_100ns;
    } else if (counter == "% Idle Time") {
        d.idle_seconds = seconds_100ns;
    } else if (counter == "Split IO/Sec") {
        d.split_ios = count;
    } else if (counter == "Avg. Disk sec/Read") {
        d.read_latency_seconds = ticks_seconds;
    } else if (counter == "Avg. Disk sec/Write") {
        d.write_latency_seconds = ticks_seconds;
    } else if (counter == "Avg. Disk sec/Transfer") {
        d.read_write_latency_seconds = ticks_seconds;
    } else {
        return false;
    }
    return true;
}

// A disk record's counters from its DISK_PERFORMANCE: the fields PDH's disk objects are built on.
// "% Disk Read Time" and "Avg. Disk sec/Read" both come from ReadTime (one over elapsed time,
// one over ReadCount), so both families carry ReadTime in seconds.
template <typename Disk>
void applyDiskPerformance(const DiskPerformance& p, Disk& d) {
    d.requests_queued = p.queue_depth;
    d.read_bytes = p.bytes_read;
    d.write_bytes = p.bytes_written;
    d.reads = p.read_count;
    d.writes = p.write_count;
    d.split_ios = p.split_count;
    d.read_seconds = ticksToSeconds(p.read_time);
    d.write_seconds = ticksToSeconds(p.write_time);
    d.idle_seconds = ticksToSeconds(p.idle_time);
    d.read_latency_seconds = d.read_seconds;
    d.write_latency_seconds = d.write_seconds;
    d.read_write_latency_seconds = ticksToSeconds(p.read_time + p.write_time);
}

}  // namespace sysmetrics
