#include "collectors/cpu_groups.h"

namespace sysmetrics {

namespace {
CoreTimes* findCore(std::vector<CoreTimes>& cores, const std::string& id) {
    for (auto& core : cores) {
        if (core.id == id) {
            return &core;
        }
    }
    return nullptr;
}
}  // namespace

void applyGroupDpcs(std::vector<CoreTimes>& cores, std::uint32_t group,
                    const std::vector<ProcessorInterruptCounts>& counts,
                    std::map<std::string, WrappingCounter>& counters) {
    for (std::size_t i = 0; i < counts.size(); i++) {
        const std::string id = windowsCoreLabel(group, static_cast<std::uint32_t>(i));
        if (CoreTimes* core = findCore(cores, id)) {
            core->dpcs = counters[id].update(counts[i].dpc_count);
        }
    }
}

void applyGroupFrequencies(std::vector<CoreTimes>& cores, std::uint32_t group,
                           const std::vector<ProcessorPower>& power) {
    for (const auto& entry : power) {
        CoreTimes* core = findCore(cores, windowsCoreLabel(group, entry.number));
        if (core && entry.current_mhz > 0) {
            core->frequency_mhz = entry.current_mhz;
        }
    }
}

}  // namespace sysmetrics
