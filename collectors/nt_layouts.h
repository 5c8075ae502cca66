#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "collectors/cpu.h"

namespace sysmetrics {

// Every Windows structure layout that portable code reads from raw bytes (NT native structures
// and the Win32 ones answered as buffers), with their readers, kept portable (no OS headers) so
// they are tested on every platform with buffers the tests build. Offsets are the same in 32- and
// 64-bit Windows unless a group says 64-bit; little-endian, as every Windows target is.

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
// is empty, of odd length or outside the answer are refused as invalid_data, the detail naming
// the entry (its byte offset) and the fault; `where` is left for the caller to name its call.
Result<std::vector<NtPageFile>> parsePageFileInformation(const std::uint8_t* data, std::size_t size,
                                                         std::uint64_t base);
// SYSTEM_PROCESS_INFORMATION (SystemProcessInformation, 64-bit; phnt's ntexapi.h, of which
// winternl.h declares part), one per process, chained by NextEntryOffset (0 ends the chain);
// NumberOfThreads SYSTEM_THREAD_INFORMATION entries follow each one. ImageName is a
// UNICODE_STRING whose Buffer points inside the same answer.
namespace system_process_information {
inline constexpr std::size_t kNextEntryOffset = 0x00;
inline constexpr std::size_t kNumberOfThreads = 0x04;
inline constexpr std::size_t kWorkingSetPrivateSize = 0x08;
inline constexpr std::size_t kCreateTime = 0x20;
inline constexpr std::size_t kUserTime = 0x28;
inline constexpr std::size_t kKernelTime = 0x30;
inline constexpr std::size_t kImageNameLength = 0x38;
inline constexpr std::size_t kImageNameBuffer = 0x40;
inline constexpr std::size_t kBasePriority = 0x48;
inline constexpr std::size_t kUniqueProcessId = 0x50;
inline constexpr std::size_t kInheritedFromProcessId = 0x58;
inline constexpr std::size_t kHandleCount = 0x60;
inline constexpr std::size_t kSessionId = 0x64;
inline constexpr std::size_t kPeakVirtualSize = 0x70;
inline constexpr std::size_t kVirtualSize = 0x78;
inline constexpr std::size_t kPageFaultCount = 0x80;
inline constexpr std::size_t kPeakWorkingSetSize = 0x88;
inline constexpr std::size_t kWorkingSetSize = 0x90;
inline constexpr std::size_t kQuotaPagedPoolUsage = 0xA0;
inline constexpr std::size_t kQuotaNonPagedPoolUsage = 0xB0;
inline constexpr std::size_t kPagefileUsage = 0xB8;
inline constexpr std::size_t kPrivatePageCount = 0xC8;
inline constexpr std::size_t kReadOperationCount = 0xD0;
inline constexpr std::size_t kWriteOperationCount = 0xD8;
inline constexpr std::size_t kOtherOperationCount = 0xE0;
inline constexpr std::size_t kReadTransferCount = 0xE8;
inline constexpr std::size_t kWriteTransferCount = 0xF0;
inline constexpr std::size_t kOtherTransferCount = 0xF8;
inline constexpr std::size_t kSize = 0x100;
}  // namespace system_process_information

// SYSTEM_THREAD_INFORMATION (64-bit; phnt's ntexapi.h): 0x50 bytes per thread.
namespace system_thread_information {
inline constexpr std::size_t kKernelTime = 0x00;
inline constexpr std::size_t kUserTime = 0x08;
inline constexpr std::size_t kCreateTime = 0x10;
inline constexpr std::size_t kStartAddress = 0x20;
inline constexpr std::size_t kUniqueThread = 0x30;
inline constexpr std::size_t kPriority = 0x38;
inline constexpr std::size_t kBasePriority = 0x3C;
inline constexpr std::size_t kContextSwitches = 0x40;
inline constexpr std::size_t kThreadState = 0x44;
inline constexpr std::size_t kWaitReason = 0x48;
inline constexpr std::size_t kSize = 0x50;
}  // namespace system_thread_information

// PEB of a 64-bit process (winternl.h): ProcessParameters, the address of its
// RTL_USER_PROCESS_PARAMETERS, at 0x20.
inline constexpr std::size_t kPebProcessParameters = 0x20;

// RTL_USER_PROCESS_PARAMETERS of a 64-bit process (phnt's layout, winternl.h's up to CommandLine;
// the PEB's ProcessParameters): Length (ULONG, the bytes of the structure this Windows fills) at
// 4, CommandLine (UNICODE_STRING) at 0x70, ProcessGroupId (ULONG) at 0x408. The group id from the
// structure's first kProcessGroupIdEnd bytes; none when Length says this Windows' structure stops
// before it.
inline constexpr std::size_t kParametersCommandLine = 0x70;
inline constexpr std::size_t kParametersProcessGroupId = 0x408;
inline constexpr std::size_t kProcessGroupIdEnd = kParametersProcessGroupId + 4;
std::optional<std::uint32_t> parseProcessGroupId(const std::uint8_t* parameters, std::size_t size);

// DISK_PERFORMANCE (winioctl.h) as IOCTL_DISK_PERFORMANCE answers it. Times are in 100 ns units.
struct DiskPerformance {
    std::uint64_t bytes_read = 0;     // 0x00 BytesRead
    std::uint64_t bytes_written = 0;  // 0x08 BytesWritten
    std::uint64_t read_time = 0;      // 0x10 ReadTime
    std::uint64_t write_time = 0;     // 0x18 WriteTime
    std::uint64_t idle_time = 0;      // 0x20 IdleTime
    std::uint32_t read_count = 0;     // 0x28 ReadCount
    std::uint32_t write_count = 0;    // 0x2C WriteCount
    std::uint32_t queue_depth = 0;    // 0x30 QueueDepth
    std::uint32_t split_count = 0;    // 0x34 SplitCount
};
// The fields up to SplitCount must be present; absent when the answer is shorter.
inline constexpr std::size_t kDiskPerformanceMinSize = 0x38;
std::optional<DiskPerformance> parseDiskPerformanceRecord(const std::uint8_t* data,
                                                          std::size_t size);

// MIB_TCPTABLE_OWNER_PID and its kin (GetExtendedTcpTable / GetExtendedUdpTable; tcpmib.h,
// udpmib.h): dwNumEntries (DWORD) at 0, then the rows, every field a DWORD or a byte array.
inline constexpr std::size_t kMibTableNumEntries = 0;
inline constexpr std::size_t kMibTableRows = 4;

// MIB_TCPROW_OWNER_PID (tcpmib.h): 24 bytes. Ports are in network byte order in a DWORD.
namespace mib_tcprow_owner_pid {
inline constexpr std::size_t kState = 0;
inline constexpr std::size_t kLocalAddr = 4;
inline constexpr std::size_t kLocalPort = 8;
inline constexpr std::size_t kRemoteAddr = 12;
inline constexpr std::size_t kRemotePort = 16;
inline constexpr std::size_t kOwningPid = 20;
inline constexpr std::size_t kSize = 24;
}  // namespace mib_tcprow_owner_pid

// MIB_TCP6ROW_OWNER_PID (tcpmib.h): 56 bytes; addresses are 16 bytes, each followed by its
// scope id.
namespace mib_tcp6row_owner_pid {
inline constexpr std::size_t kLocalAddr = 0;
inline constexpr std::size_t kLocalScopeId = 16;
inline constexpr std::size_t kLocalPort = 20;
inline constexpr std::size_t kRemoteAddr = 24;
inline constexpr std::size_t kRemoteScopeId = 40;
inline constexpr std::size_t kRemotePort = 44;
inline constexpr std::size_t kState = 48;
inline constexpr std::size_t kOwningPid = 52;
inline constexpr std::size_t kSize = 56;
}  // namespace mib_tcp6row_owner_pid

// MIB_UDPROW_OWNER_PID (udpmib.h): 12 bytes.
namespace mib_udprow_owner_pid {
inline constexpr std::size_t kLocalAddr = 0;
inline constexpr std::size_t kLocalPort = 4;
inline constexpr std::size_t kOwningPid = 8;
inline constexpr std::size_t kSize = 12;
}  // namespace mib_udprow_owner_pid

// MIB_UDP6ROW_OWNER_PID (udpmib.h): 28 bytes; the 16-byte address is followed by its scope id.
namespace mib_udp6row_owner_pid {
inline constexpr std::size_t kLocalAddr = 0;
inline constexpr std::size_t kLocalScopeId = 16;
inline constexpr std::size_t kLocalPort = 20;
inline constexpr std::size_t kOwningPid = 24;
inline constexpr std::size_t kSize = 28;
}  // namespace mib_udp6row_owner_pid

// SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX (GetLogicalProcessorInformationEx; winnt.h, 64-bit):
// a run of entries, each {DWORD Relationship, DWORD Size, union}; GROUP_AFFINITY is 16 bytes
// (KAFFINITY Mask, WORD Group, WORD Reserved[3]):
// - PROCESSOR_RELATIONSHIP (core, package, die, module) at 8: Flags (LTP_PC_SMT = 1) at 8,
//   EfficiencyClass at 9, GroupCount at 30, GroupMask[GroupCount] at 32;
// - NUMA_NODE_RELATIONSHIP at 8: NodeNumber at 8, GroupCount at 30, GroupMasks at 32;
// - CACHE_RELATIONSHIP at 8: Level at 8, CacheSize at 12, Type at 16, GroupCount at 38,
//   GroupMasks at 40.
// Before Windows 11 / Server 2022 the NUMA and cache GroupCount was reserved (0) and one mask
// followed: a count of 0 reads as 1.
inline constexpr std::size_t kGlpiRelationship = 0;
inline constexpr std::size_t kGlpiSize = 4;
inline constexpr std::size_t kGlpiEntryHeaderSize = 8;
inline constexpr std::size_t kGlpiProcessorFlags = 8;
inline constexpr std::size_t kGlpiProcessorEfficiencyClass = 9;
inline constexpr std::size_t kGlpiProcessorGroupCount = 30;
inline constexpr std::size_t kGlpiProcessorMasks = 32;
inline constexpr std::size_t kGlpiNumaNodeNumber = 8;
inline constexpr std::size_t kGlpiNumaGroupCount = 30;
inline constexpr std::size_t kGlpiNumaMasks = 32;
inline constexpr std::size_t kGlpiCacheLevel = 8;
inline constexpr std::size_t kGlpiCacheSize = 12;
inline constexpr std::size_t kGlpiCacheType = 16;
inline constexpr std::size_t kGlpiCacheGroupCount = 38;
inline constexpr std::size_t kGlpiCacheMasks = 40;
inline constexpr std::size_t kGroupAffinityMask = 0;
inline constexpr std::size_t kGroupAffinityGroup = 8;
inline constexpr std::size_t kGroupAffinitySize = 16;

// LOGICAL_PROCESSOR_RELATIONSHIP and PROCESSOR_CACHE_TYPE values.
enum class ProcessorRelation : std::uint32_t {
    core = 0,
    numa_node = 1,
    cache = 2,
    package = 3,
    group = 4,
    die = 5,
    numa_node_ex = 6,  // Windows 20H2 and later: a NUMA node with every group it spans
    module = 7,
    all = 0xffff,  // RelationAll: asks for every relationship (never an entry's)
};
inline constexpr std::uint32_t kCacheTypeTrace = 3;

// Logical processors of one processor group: bit i of `mask` is processor number i.
struct GroupMask {
    std::uint16_t group = 0;
    std::uint64_t mask = 0;
};

// One entry of the buffer, with what we read of its kind (other kinds keep only their masks).
struct ProcessorRelationEntry {
    ProcessorRelation relation = ProcessorRelation::core;
    std::vector<GroupMask> masks;
    bool smt = false;                   // core: LTP_PC_SMT
    std::uint8_t efficiency_class = 0;  // core
    std::uint32_t numa_node = 0;        // NUMA node number
    std::uint8_t cache_level = 0;       // cache
    std::uint32_t cache_bytes = 0;      // cache
    std::uint32_t cache_type = 0;       // cache: unified 0, instruction 1, data 2, trace 3
};

// Every entry, in the buffer's order; stops at an entry whose Size is 0 or runs past the end.
std::vector<ProcessorRelationEntry> parseLogicalProcessorInformationEx(const std::uint8_t* data,
                                                                       std::size_t size);

// Reads a little-endian value at `offset`; the caller checks the bounds. Defined here so every
// field read compiles to one load: a call per field was most of a process entry's parse.
template <typename T>
inline T readAt(const std::uint8_t* data, std::size_t offset) {
    T value{};
    std::memcpy(&value, data + offset, sizeof value);
    return value;
}

}  // namespace sysmetrics
