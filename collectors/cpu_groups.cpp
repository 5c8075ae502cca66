#include "collectors/cpu_groups.h"

#include <algorithm>
#include <bitset>
#include <optional>
#include <set>
#include <utility>

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

namespace {

std::uint32_t bitCount(std::uint64_t mask) {
    return static_cast<std::uint32_t>(std::bitset<64>(mask).count());
}

// The (group, number) of the lowest logical processor of `masks`, none when they are all empty.
std::optional<std::pair<std::uint16_t, std::uint32_t>> firstProcessor(
    const std::vector<GroupMask>& masks) {
    std::optional<std::pair<std::uint16_t, std::uint32_t>> first;
    for (const auto& m : masks) {
        if (m.mask == 0) {
            continue;
        }
        std::uint32_t bit = 0;
        while (!(m.mask >> bit & 1)) {
            bit++;
        }
        const std::pair<std::uint16_t, std::uint32_t> here{m.group, bit};
        if (!first || here < *first) {
            first = here;
        }
    }
    return first;
}

bool contains(const std::vector<GroupMask>& masks, std::pair<std::uint16_t, std::uint32_t> lp) {
    for (const auto& m : masks) {
        if (m.group == lp.first && (m.mask >> lp.second & 1)) {
            return true;
        }
    }
    return false;
}

}  // namespace

ProcessorTopology processorTopology(const std::vector<ProcessorRelationEntry>& entries) {
    ProcessorTopology topology;
    std::vector<const ProcessorRelationEntry*> packages;
    for (const auto& e : entries) {
        if (e.relation == ProcessorRelation::package) {
            packages.push_back(&e);
            ProcessorPackage package;
            for (const auto& m : e.masks) {
                package.logical_processors += bitCount(m.mask);
            }
            topology.packages.push_back(package);
        }
        topology.cores += e.relation == ProcessorRelation::core;
        topology.numa_nodes += e.relation == ProcessorRelation::numa_node ||
                               e.relation == ProcessorRelation::numa_node_ex;
    }
    const auto packageOf = [&](const ProcessorRelationEntry& e) -> ProcessorPackage* {
        const auto first = firstProcessor(e.masks);
        for (std::size_t i = 0; first && i < packages.size(); i++) {
            if (contains(packages[i]->masks, *first)) {
                return &topology.packages[i];
            }
        }
        return nullptr;
    };
    for (const auto& e : entries) {
        ProcessorPackage* package = packageOf(e);
        if (!package) {
            continue;
        }
        if (e.relation == ProcessorRelation::core) {
            package->cores++;
        } else if (e.relation == ProcessorRelation::cache && e.cache_type != kCacheTypeTrace) {
            if (e.cache_level == 2) {
                package->l2_cache_bytes += e.cache_bytes;
                package->l2_caches++;
            } else if (e.cache_level == 3) {
                package->l3_cache_bytes += e.cache_bytes;
                package->l3_caches++;
            }
        }
    }
    // Processor indexes count the logical processors of every package, group by group.
    for (std::size_t i = 0; i < packages.size(); i++) {
        const auto first = firstProcessor(packages[i]->masks);
        if (!first) {
            continue;
        }
        std::uint32_t before = 0;
        for (const auto* other : packages) {
            for (const auto& m : other->masks) {
                if (m.group < first->first) {
                    before += bitCount(m.mask);
                } else if (m.group == first->first && first->second > 0) {
                    before += bitCount(m.mask & ((std::uint64_t{1} << first->second) - 1));
                }
            }
        }
        topology.packages[i].first_processor_index = before;
    }
    return topology;
}

std::map<std::string, std::string> numaCoreLabels(
    const std::vector<ProcessorRelationEntry>& entries) {
    std::map<std::string, std::string> labels;
    std::set<std::string> names;
    for (const auto& node : entries) {
        if (node.relation != ProcessorRelation::numa_node &&
            node.relation != ProcessorRelation::numa_node_ex) {
            continue;
        }
        std::vector<GroupMask> groups = node.masks;
        std::stable_sort(groups.begin(), groups.end(),
                         [](const GroupMask& a, const GroupMask& b) { return a.group < b.group; });
        std::uint32_t index = 0;
        for (const auto& affinity : groups) {
            for (std::uint32_t bit = 0; bit < 64; bit++) {
                if (((affinity.mask >> bit) & 1u) == 0) {
                    continue;
                }
                const std::string name =
                    std::to_string(node.numa_node) + "," + std::to_string(index++);
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
