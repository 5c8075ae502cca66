#include "collectors/disk_performance.h"

#include "collectors/nt_layouts.h"

namespace sysmetrics {

const std::vector<std::string> kDiskPdhCounters = {
    "Current Disk Queue Length", "Disk Read Bytes/sec", "Disk Reads/sec",
    "Disk Write Bytes/sec",      "Disk Writes/sec",     "% Disk Read Time",
    "% Disk Write Time",         "% Idle Time",         "Split IO/Sec",
    "Avg. Disk sec/Read",        "Avg. Disk sec/Write", "Avg. Disk sec/Transfer",
};

std::optional<DiskPerformance> parseDiskPerformanceRecord(const std::uint8_t* data,
                                                          std::size_t size) {
    if (!data || size < kDiskPerformanceMinSize) {
        return std::nullopt;
    }
    DiskPerformance p;
    p.bytes_read = readAt<std::uint64_t>(data, 0x00);
    p.bytes_written = readAt<std::uint64_t>(data, 0x08);
    p.read_time = readAt<std::uint64_t>(data, 0x10);
    p.write_time = readAt<std::uint64_t>(data, 0x18);
    p.idle_time = readAt<std::uint64_t>(data, 0x20);
    p.read_count = readAt<std::uint32_t>(data, 0x28);
    p.write_count = readAt<std::uint32_t>(data, 0x2C);
    p.queue_depth = readAt<std::uint32_t>(data, 0x30);
    p.split_count = readAt<std::uint32_t>(data, 0x34);
    return p;
}

}  // namespace sysmetrics
