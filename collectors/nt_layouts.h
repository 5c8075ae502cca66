#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "collectors/cpu.h"

namespace sysmetrics {

// Readers of the NT native structures we use, kept portable (no OS headers) so they are tested
// on every platform with buffers the tests build. Offsets are the same in 32- and 64-bit Windows
// for these structures; little-endian, as every Windows target is.

// SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION: 0x30 bytes per processor.
inline constexpr std::size_t kProcessorPerformanceSize = 0x30;
std::vector<WindowsProcessorTimes> parseProcessorPerformance(const std::uint8_t* data,
                                                             std::size_t size);

// SYSTEM_INTERRUPT_INFORMATION: 0x18 bytes per processor; ContextSwitches at 0, DpcCount at 4.
inline constexpr std::size_t kInterruptInformationSize = 0x18;
struct ProcessorInterruptCounts {
    std::uint32_t context_switches = 0;
    std::uint32_t dpc_count = 0;
};
std::vector<ProcessorInterruptCounts> parseInterruptInformation(const std::uint8_t* data,
                                                                std::size_t size);

// SYSTEM_PERFORMANCE_INFORMATION: the first 0x138 bytes (every version has at least these).
inline constexpr std::size_t kPerformanceInformationSize = 0x138;
struct SystemActivityCounts {
    std::uint32_t context_switches = 0;  // offset 0x128
    std::uint32_t system_calls = 0;      // offset 0x134
};
std::optional<SystemActivityCounts> parsePerformanceInformation(const std::uint8_t* data,
                                                                std::size_t size);

// SYSTEM_EXCEPTION_INFORMATION: ExceptionDispatchCount at offset 4.
inline constexpr std::size_t kExceptionInformationSize = 0x10;
std::optional<std::uint32_t> parseExceptionDispatches(const std::uint8_t* data, std::size_t size);

// SYSTEM_TIMEOFDAY_INFORMATION: BootTime at 0 and SleepTimeBias at 0x28 (100 ns units). The boot
// time the kernel keeps is the same value on every call, unlike now - GetTickCount64(), which
// moves by the tick granularity and every clock slew. Returns BootTime - SleepTimeBias as FILETIME
// (as psutil does), or nothing when the buffer is short or the value is not a date.
inline constexpr std::size_t kTimeOfDayInformationSize = 0x30;
std::optional<std::int64_t> parseBootTimeFiletime(const std::uint8_t* data, std::size_t size);

// PROCESSOR_POWER_INFORMATION (CallNtPowerInformation ProcessorInformation): 24 bytes per
// processor; Number at 0, MaxMhz at 4, CurrentMhz at 8.
inline constexpr std::size_t kProcessorPowerInformationSize = 24;
struct ProcessorPower {
    std::uint32_t number = 0;
    std::uint32_t max_mhz = 0;
    std::uint32_t current_mhz = 0;
};
std::vector<ProcessorPower> parseProcessorPowerInformation(const std::uint8_t* data,
                                                           std::size_t size);

// SYSTEM_FILECACHE_INFORMATION (64-bit): CurrentSize, the system cache working set in bytes, at 0.
inline constexpr std::size_t kFileCacheInformationSize = 0x40;
std::optional<std::uint64_t> parseFileCacheCurrentSize(const std::uint8_t* data, std::size_t size);

// Reads a little-endian value at `offset`; the caller checks the bounds.
template <typename T>
T readAt(const std::uint8_t* data, std::size_t offset);

}  // namespace sysmetrics
