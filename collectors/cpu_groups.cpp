#include "collectors/cpu_groups.h"

#include <algorithm>
#include <set>

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

std::vector<ProcessorRelationRecord> processorRelationRecords(const std::uint8_t* data,
                                                              std::size_t size) {
    constexpr std::size_t kHeader = 8;
    std::vector<ProcessorRelationRecord> records;
    for (std::size_t offset = 0; data && offset + kHeader <= size;) {
        const auto record_size = readAt<std::uint32_t>(data, offset + 4);
        if (record_size < kHeader || record_size > size - offset) {
            break;
        }
        records.push_back({readAt<std::uint32_t>(data, offset), offset, record_size});
        offset += record_size;
    }
    return records;
}

std::vector<NumaNodeAffinity> parseNumaNodes(const std::uint8_t* data, std::size_t size) {
    constexpr std::size_t kNode = 8;         // NUMA_NODE_RELATIONSHIP in the record
    constexpr std::size_t kGroupCount = 22;  // in NUMA_NODE_RELATIONSHIP
    constexpr std::size_t kMasks = 24;
    std::vector<NumaNodeAffinity> nodes;
    for (const auto& record : processorRelationRecords(data, size)) {
        if ((record.relationship != kRelationNumaNode &&
             record.relationship != kRelationNumaNodeEx) ||
            record.size < kNode + kMasks + kGroupAffinitySize) {
            continue;
        }
        const std::uint8_t* node = data + record.offset + kNode;
        NumaNodeAffinity entry;
        entry.node = readAt<std::uint32_t>(node, 0);
        const std::size_t fits = (record.size - kNode - kMasks) / kGroupAffinitySize;
        const std::size_t count = std::min<std::size_t>(
            std::max<std::uint16_t>(readAt<std::uint16_t>(node, kGroupCount), 1), fits);
        for (std::size_t i = 0; i < count; i++) {
            const std::size_t at = kMasks + i * kGroupAffinitySize;
            entry.groups.push_back(
                {readAt<std::uint16_t>(node, at + 8), readAt<std::uint64_t>(node, at)});
        }
        nodes.push_back(std::move(entry));
    }
    return nodes;
}

std::map<std::string, std::string> numaCoreLabels(const std::vector<NumaNodeAffinity>& nodes) {
    std::map<std::string, std::string> labels;
    std::set<std::string> names;
    for (const auto& node : nodes) {
        std::vector<GroupAffinity> groups = node.groups;
        std::stable_sort(
            groups.begin(), groups.end(),
            [](const GroupAffinity& a, const GroupAffinity& b) { return a.group < b.group; });
        std::uint32_t index = 0;
        for (const auto& affinity : groups) {
            for (std::uint32_t bit = 0; bit < 64; bit++) {
                if (((affinity.mask >> bit) & 1u) == 0) {
                    continue;
                }
                const std::string name = std::to_string(node.node) + "," + std::to_string(index++);
                if (!labels.emplace(windowsCoreLabel(affinity.group, bit), name).second ||
                    !names.insert(name).second) {
                    return {};
                }
            }
        }
    }
    return labels;
}

bool applyCoreLabels(std::vector<CoreTimes>& cores,
                     const std::map<std::string, std::string>& labels) {
    for (const auto& core : cores) {
        if (labels.find(core.id) == labels.end()) {
            return false;
        }
    }
    for (auto& core : cores) {
        core.id = labels.at(core.id);
    }
    return true;
}

}  // namespace sysmetrics
