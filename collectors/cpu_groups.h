#pragma once
// Per-processor values from Windows calls that see only the calling thread's processor group
// (SystemInterruptInformation, CallNtPowerInformation): entry i of a reading taken in group g
// belongs to core "g,i", never to the i-th core of the whole machine. And the machine's processor
// topology from GetLogicalProcessorInformationEx, read once by one parser: packages, cores and
// caches for cpu_info, and the NUMA layout that turns "group,number" into the "node,index" names
// PDH and windows_exporter give the cores.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "collectors/cpu.h"
#include "collectors/nt_layouts.h"

namespace sysmetrics {

// DPC counts are 32 bits per processor: `counters` (kept by the caller across cycles, by core id)
// extends them across wraps.
void applyGroupDpcs(std::vector<CoreTimes>& cores, std::uint32_t group,
                    const std::vector<ProcessorInterruptCounts>& counts,
                    std::map<std::string, WrappingCounter>& counters);

// Frequencies by each entry's own processor Number within the group.
void applyGroupFrequencies(std::vector<CoreTimes>& cores, std::uint32_t group,
                           const std::vector<ProcessorPower>& power);

// ---- GetLogicalProcessorInformationEx (RelationAll, RelationNumaNode[Ex]) ----
// The buffer is a run of SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX entries, each {DWORD
// Relationship, DWORD Size, union}, laid out as winnt.h declares them for 64-bit Windows
// (GROUP_AFFINITY is 16 bytes: KAFFINITY Mask, WORD Group, WORD Reserved[3]):
// - PROCESSOR_RELATIONSHIP (core, package, die, module) at 8: Flags (LTP_PC_SMT = 1) at 8,
//   EfficiencyClass at 9, GroupCount at 30, GroupMask[GroupCount] at 32;
// - NUMA_NODE_RELATIONSHIP at 8: NodeNumber at 8, GroupCount at 30, GroupMasks at 32;
// - CACHE_RELATIONSHIP at 8: Level at 8, CacheSize at 12, Type at 16, GroupCount at 38,
//   GroupMasks at 40.
// Before Windows 11 / Server 2022 the NUMA and cache GroupCount was reserved (0) and one mask
// followed: a count of 0 reads as 1.
inline constexpr std::size_t kGlpiEntryHeaderSize = 8;
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

// One physical processor package (socket), in the order Windows lists them.
struct ProcessorPackage {
    std::uint32_t cores = 0;               // RelationProcessorCore entries inside it
    std::uint32_t logical_processors = 0;  // bits set in its masks
    // Each cache entry is one cache, however many cores share it: the sum of the sizes of the
    // caches of that level inside the package (trace caches left out).
    std::uint64_t l2_cache_bytes = 0;
    std::uint64_t l3_cache_bytes = 0;
    std::uint32_t l2_caches = 0;  // how many (0: Windows lists none, as under some hypervisors)
    std::uint32_t l3_caches = 0;
    // The system-wide index of its first logical processor (group by group, processor number
    // order): N in the registry's HARDWARE\DESCRIPTION\System\CentralProcessor\N.
    std::uint32_t first_processor_index = 0;
};

struct ProcessorTopology {
    std::vector<ProcessorPackage> packages;
    std::uint32_t cores = 0;
    std::uint32_t numa_nodes = 0;
};

// Packages, with the cores and caches whose first logical processor is inside each.
ProcessorTopology processorTopology(const std::vector<ProcessorRelationEntry>& entries);

// PDH's "Processor Information" instance name of each logical processor, by its
// windowsCoreLabel(group, number), from the NUMA node entries (RelationNumaNode, or
// RelationNumaNodeEx, which lists every group of a node larger than a group): "<node>,<index>",
// the index counting the node's processors in the order of its groups and, within a group, of
// the mask's bits. Empty when the nodes claim a processor twice (a buffer we cannot trust).
std::map<std::string, std::string> numaCoreLabels(
    const std::vector<ProcessorRelationEntry>& entries);

// Renames every core from its windowsCoreLabel to its entry in `labels`. When some core has no
// entry (a processor added after `labels` was read) nothing is renamed and false is returned:
// mixing both conventions could give two cores one label.
bool applyCoreLabels(std::vector<CoreTimes>& cores,
                     const std::map<std::string, std::string>& labels);

}  // namespace sysmetrics
