#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
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

// The rest of SYSTEM_FILECACHE_INFORMATION (64-bit, as phnt documents it): PeakSize (SIZE_T) at
// 0x08, PageFaultCount (ULONG) at 0x10, TransitionRePurposeCount (ULONG, Windows XP and later)
// at 0x38. The counts are cumulative since boot and wrap at 2^32.
struct FileCacheInformation {
    std::uint64_t current_bytes = 0;
    std::uint64_t peak_bytes = 0;
    std::uint32_t page_faults = 0;
    std::optional<std::uint32_t> transition_repurposes;  // absent from a shorter answer
};
std::optional<FileCacheInformation> parseFileCacheInformation(const std::uint8_t* data,
                                                              std::size_t size);

// The memory manager's part of SYSTEM_PERFORMANCE_INFORMATION (offsets as phnt documents them;
// all ULONG). Counts of events or pages are cumulative since boot and wrap at 2^32; the rest are
// current numbers of pages (or of page table entries).
struct SystemMemoryActivity {
    std::uint32_t page_faults = 0;                   // 0x3C PageFaultCount
    std::uint32_t copy_on_writes = 0;                // 0x40 CopyOnWriteCount
    std::uint32_t transition_faults = 0;             // 0x44 TransitionCount
    std::uint32_t demand_zero_faults = 0;            // 0x4C DemandZeroCount
    std::uint32_t pages_read = 0;                    // 0x50 PageReadCount
    std::uint32_t page_read_ios = 0;                 // 0x54 PageReadIoCount
    std::uint32_t dirty_pages_written = 0;           // 0x60 DirtyPagesWriteCount (page files)
    std::uint32_t dirty_write_ios = 0;               // 0x64 DirtyWriteIoCount
    std::uint32_t mapped_pages_written = 0;          // 0x68 MappedPagesWriteCount (mapped files)
    std::uint32_t mapped_write_ios = 0;              // 0x6C MappedWriteIoCount
    std::uint32_t paged_pool_allocs = 0;             // 0x78 PagedPoolAllocs
    std::uint32_t paged_pool_frees = 0;              // 0x7C PagedPoolFrees
    std::uint32_t nonpaged_pool_allocs = 0;          // 0x80 NonPagedPoolAllocs
    std::uint32_t nonpaged_pool_frees = 0;           // 0x84 NonPagedPoolFrees
    std::uint32_t free_system_ptes = 0;              // 0x88 FreeSystemPtes
    std::uint32_t resident_system_code_pages = 0;    // 0x8C ResidentSystemCodePage
    std::uint32_t total_system_driver_pages = 0;     // 0x90 TotalSystemDriverPages
    std::uint32_t total_system_code_pages = 0;       // 0x94 TotalSystemCodePages
    std::uint32_t resident_system_cache_pages = 0;   // 0xA4 ResidentSystemCachePage
    std::uint32_t resident_paged_pool_pages = 0;     // 0xA8 ResidentPagedPoolPage
    std::uint32_t resident_system_driver_pages = 0;  // 0xAC ResidentSystemDriverPage
};
std::optional<SystemMemoryActivity> parsePerformanceMemoryActivity(const std::uint8_t* data,
                                                                   std::size_t size);

// SYSTEM_MEMORY_LIST_INFORMATION (SystemMemoryListInformation, 64-bit; ULONG_PTR fields, counts
// of pages): ZeroPageCount at 0x00, FreePageCount 0x08, ModifiedPageCount 0x10,
// ModifiedNoWritePageCount 0x18, BadPageCount 0x20, PageCountByPriority[8] (the standby list of
// each page priority) at 0x28, RepurposedPagesByPriority[8] at 0x68; 0xA8 bytes at least.
inline constexpr std::size_t kMemoryListInformationSize = 0xA8;
struct MemoryListPages {
    std::uint64_t zeroed = 0;
    std::uint64_t free = 0;
    std::uint64_t modified = 0;
    std::uint64_t modified_no_write = 0;
    std::uint64_t standby_by_priority[8] = {};
};
std::optional<MemoryListPages> parseMemoryListInformation(const std::uint8_t* data,
                                                          std::size_t size);

// SYSTEM_PAGEFILE_INFORMATION (SystemPageFileInformation, 64-bit), one per page file, chained
// by NextEntryOffset (ULONG at 0x00; 0 ends the chain): TotalSize 0x04, TotalInUse 0x08,
// PeakUsage 0x0C (ULONG, pages), PageFileName (UNICODE_STRING: Length 0x10, MaximumLength 0x12,
// Buffer 0x18, an absolute pointer to UTF-16 inside the same answer); 0x20 bytes.
inline constexpr std::size_t kPageFileInformationSize = 0x20;
struct NtPageFile {
    std::string name;  // UTF-8, as the kernel names it: "\??\C:\pagefile.sys"
    std::uint32_t total_pages = 0;
    std::uint32_t in_use_pages = 0;
    std::uint32_t peak_pages = 0;
};
// The page files of an answer of `size` bytes that NtQuerySystemInformation wrote at address
// `base` (the name pointers are absolute). An empty answer is no page file. A truncated entry, a
// NextEntryOffset that does not move forward past the entry or leaves the answer, and a name that
// is empty, of odd length or outside the answer are refused with a message naming the entry
// (its byte offset) and the fault.
Result<std::vector<NtPageFile>, std::string> parsePageFileInformation(const std::uint8_t* data,
                                                                      std::size_t size,
                                                                      std::uint64_t base);
// RTL_USER_PROCESS_PARAMETERS of a 64-bit process (phnt's layout; the PEB's ProcessParameters):
// Length (ULONG, the bytes of the structure this Windows fills) at 4, ProcessGroupId (ULONG) at
// 0x408. The group id from the structure's first kProcessGroupIdEnd bytes; none when Length says
// this Windows' structure stops before it.
inline constexpr std::size_t kParametersProcessGroupId = 0x408;
inline constexpr std::size_t kProcessGroupIdEnd = kParametersProcessGroupId + 4;
std::optional<std::uint32_t> parseProcessGroupId(const std::uint8_t* parameters, std::size_t size);

// Reads a little-endian value at `offset`; the caller checks the bounds.
template <typename T>
T readAt(const std::uint8_t* data, std::size_t offset);

}  // namespace sysmetrics
