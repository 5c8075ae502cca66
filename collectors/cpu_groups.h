#pragma once
// Per-processor values from Windows calls that see only the calling thread's processor group
// (SystemInterruptInformation, CallNtPowerInformation): entry i of a reading taken in group g
// belongs to core "g,i", never to the i-th core of the whole machine. And the machine's processor
// topology from the entries of GetLogicalProcessorInformationEx (read once, by nt_layouts.h's
// parser): packages, cores and caches for cpu_info, and the NUMA layout that turns "group,number"
// into the "node,index" names PDH and windows_exporter give the cores.

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

// ---- The machine's topology from parseLogicalProcessorInformationEx's entries ----

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
