#pragma once
// Per-processor values from Windows calls that see only the calling thread's processor group
// (SystemInterruptInformation, CallNtPowerInformation): entry i of a reading taken in group g
// belongs to core "g,i", never to the i-th core of the whole machine. And the NUMA layout that
// turns "group,number" into the "node,index" names PDH and windows_exporter give the cores.

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

// GetLogicalProcessorInformationEx's answer, read from its bytes (64-bit Windows): a sequence of
// SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX records, each Relationship (DWORD) at 0 and Size (DWORD,
// the whole record) at 4, then its relationship's structure at 8. Records that run past `size` or
// are shorter than their header end the walk.
struct ProcessorRelationRecord {
    std::uint32_t relationship = 0;  // LOGICAL_PROCESSOR_RELATIONSHIP
    std::size_t offset = 0;          // of the record in the buffer
    std::size_t size = 0;            // the record's Size
};
std::vector<ProcessorRelationRecord> processorRelationRecords(const std::uint8_t* data,
                                                              std::size_t size);

inline constexpr std::uint32_t kRelationNumaNode = 1;
inline constexpr std::uint32_t kRelationNumaNodeEx = 6;  // Windows 20H2 and later: full affinity

// GROUP_AFFINITY (64-bit, 16 bytes): Mask (KAFFINITY) at 0, Group (WORD) at 8.
inline constexpr std::size_t kGroupAffinitySize = 16;
struct GroupAffinity {
    std::uint16_t group = 0;
    std::uint64_t mask = 0;
};

// NUMA_NODE_RELATIONSHIP, at 8 in its record: NodeNumber (DWORD) at 0, GroupCount (WORD) at 22,
// GroupMasks (GROUP_AFFINITY[GroupCount]) at 24. Before Windows 20H2 GroupCount is always 0 and
// there is one GroupMask; RelationNumaNodeEx lists every group of a node larger than a group.
struct NumaNodeAffinity {
    std::uint32_t node = 0;
    std::vector<GroupAffinity> groups;
};
std::vector<NumaNodeAffinity> parseNumaNodes(const std::uint8_t* data, std::size_t size);

// PDH's "Processor Information" instance name of each logical processor, by its
// windowsCoreLabel(group, number): "<node>,<index>", the index counting the node's processors in
// the order of its groups and, within a group, of the mask's bits. Empty when the nodes claim a
// processor twice (a buffer we cannot trust).
std::map<std::string, std::string> numaCoreLabels(const std::vector<NumaNodeAffinity>& nodes);

// Renames every core from its windowsCoreLabel to its entry in `labels`. When some core has no
// entry (a processor added after `labels` was read) nothing is renamed and false is returned:
// mixing both conventions could give two cores one label.
bool applyCoreLabels(std::vector<CoreTimes>& cores,
                     const std::map<std::string, std::string>& labels);

}  // namespace sysmetrics
