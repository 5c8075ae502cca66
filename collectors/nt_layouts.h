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

// Reads a little-endian value at `offset`; the caller checks the bounds.
template <typename T>
T readAt(const std::uint8_t* data, std::size_t offset);

}  // namespace sysmetrics
