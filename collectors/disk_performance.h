#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace sysmetrics {

// DISK_PERFORMANCE as IOCTL_DISK_PERFORMANCE answers it, read from its bytes (little-endian; the
// same offsets on 32- and 64-bit Windows). Times are in 100 ns units.
struct DiskPerformance {
    std::uint64_t bytes_read = 0;     // 0x00
    std::uint64_t bytes_written = 0;  // 0x08
    std::uint64_t read_time = 0;      // 0x10
    std::uint64_t write_time = 0;     // 0x18
    std::uint64_t idle_time = 0;      // 0x20
    std::uint32_t read_count = 0;     // 0x28
    std::uint32_t write_count = 0;    // 0x2C
    std::uint32_t queue_depth = 0;    // 0x30
    std::uint32_t split_count = 0;    // 0x34
};

// The fields up to SplitCount must be present; absent when the answer is shorter.
inline constexpr std::size_t kDiskPerformanceMinSize = 0x38;
std::optional<DiskPerformance> parseDiskPerformanceRecord(const std::uint8_t* data,
                                                          std::size_t size);

// 100 ns units to seconds.
inline double hundredNanosToSeconds(std::uint64_t value) {
    return static_cast<double>(value) * 1e-7;
}

}  // namespace sysmetrics
