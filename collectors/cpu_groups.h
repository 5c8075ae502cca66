#pragma once
// Per-processor values from Windows calls that see only the calling thread's processor group
// (SystemInterruptInformation, CallNtPowerInformation): entry i of a reading taken in group g
// belongs to core "g,i", never to the i-th core of the whole machine.

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

}  // namespace sysmetrics
