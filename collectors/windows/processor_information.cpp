#include <windows.h>

#include "collectors/windows/processor_information.h"

#include <algorithm>
#include <cstddef>

#include "base/text_parse.h"
#include "base/windows/win_error.h"
#include "collectors/cpu_groups.h"

namespace sysmetrics::win {

// The winnt.h layouts collectors/nt_layouts.h reads, as this SDK declares them.
static_assert(offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Relationship) == kGlpiRelationship);
static_assert(offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Size) == kGlpiSize);
static_assert(kGlpiEntryHeaderSize + offsetof(PROCESSOR_RELATIONSHIP, Flags) ==
              kGlpiProcessorFlags);
static_assert(offsetof(GROUP_AFFINITY, Mask) == kGroupAffinityMask);
static_assert(offsetof(GROUP_AFFINITY, Group) == kGroupAffinityGroup);
static_assert(offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Processor) == kGlpiEntryHeaderSize);
static_assert(offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, NumaNode) == kGlpiEntryHeaderSize);
static_assert(kGlpiEntryHeaderSize + offsetof(PROCESSOR_RELATIONSHIP, GroupCount) ==
              kGlpiProcessorGroupCount);
static_assert(kGlpiEntryHeaderSize + offsetof(PROCESSOR_RELATIONSHIP, GroupMask) ==
              kGlpiProcessorMasks);
static_assert(kGlpiEntryHeaderSize + offsetof(NUMA_NODE_RELATIONSHIP, GroupMask) == kGlpiNumaMasks);
static_assert(kGlpiEntryHeaderSize + offsetof(CACHE_RELATIONSHIP, CacheSize) == kGlpiCacheSize);
static_assert(kGlpiEntryHeaderSize + offsetof(CACHE_RELATIONSHIP, Type) == kGlpiCacheType);
static_assert(kGlpiEntryHeaderSize + offsetof(CACHE_RELATIONSHIP, GroupMask) == kGlpiCacheMasks);
static_assert(sizeof(GROUP_AFFINITY) == kGroupAffinitySize);
static_assert(RelationProcessorPackage == static_cast<int>(ProcessorRelation::package));
static_assert(RelationCache == static_cast<int>(ProcessorRelation::cache));
static_assert(RelationNumaNode == static_cast<int>(ProcessorRelation::numa_node));

namespace {

const char* const kObject = "Processor Information";

std::vector<std::string> counterNames() {
    std::vector<std::string> names;
    for (const auto& counter : processorInformationCounters()) {
        names.push_back(counter.name);
    }
    return names;
}

std::string familiesOf(const std::string& counter) {
    for (const auto& entry : processorInformationCounters()) {
        if (entry.name == counter) {
            return joinWithCommas(entry.families);
        }
    }
    return "";
}

std::string allFamilies() {
    std::vector<std::string> families;
    for (const auto& entry : processorInformationCounters()) {
        families.insert(families.end(), entry.families.begin(), entry.families.end());
    }
    return joinWithCommas(families);
}

const char* relationName(ProcessorRelation relationship) {
    switch (relationship) {
        case ProcessorRelation::all:
            return "RelationAll";
        case ProcessorRelation::numa_node_ex:
            return "RelationNumaNodeEx";
        case ProcessorRelation::numa_node:
            return "RelationNumaNode";
        default:
            return "a relationship";
    }
}

}  // namespace

Result<std::vector<std::uint8_t>> logicalProcessorInformation(ProcessorRelation relationship) {
    const std::string where =
        std::string("GetLogicalProcessorInformationEx(") + relationName(relationship) + ")";
    const auto relation = static_cast<LOGICAL_PROCESSOR_RELATIONSHIP>(relationship);
    std::vector<std::uint8_t> buffer;
    DWORD bytes = 0;
    if (::GetLogicalProcessorInformationEx(relation, nullptr, &bytes)) {
        return buffer;  // nothing of that relationship
    }
    for (int attempt = 0; attempt < 4; attempt++) {
        if (::GetLastError() != ERROR_INSUFFICIENT_BUFFER) {
            return lastError(where);
        }
        buffer.assign(bytes, 0);
        auto* first = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buffer.data());
        if (::GetLogicalProcessorInformationEx(relation, first, &bytes)) {
            buffer.resize(std::min<std::size_t>(bytes, buffer.size()));
            return buffer;
        }
    }
    return lastError(where);
}

ProcessorInformationProbe::ProcessorInformationProbe(PdhQueryOpener open)
    : pdh_(kObject, counterNames(), PdhInstances::every, open) {
    if (!pdh_.available()) {
        setup_notes_.push_back(pdh_.unavailable() + ": " + allFamilies() + " are not exported");
    } else {
        for (const auto& [counter, status] : pdh_.missing()) {
            setup_notes_.push_back("PDH counter " + pdh_.path(counter) + " unavailable (" +
                                   pdhStatusName(status) + "): " + familiesOf(counter) +
                                   " not exported");
        }
        for (const auto& counter : counterNames()) {
            if (pdh_.has(counter) && pdh_.types().count(counter) == 0) {
                setup_notes_.push_back("PDH gave no type for " + pdh_.path(counter) + ": " +
                                       familiesOf(counter) + " not exported");
            }
        }
    }
    readLabels();
}

void ProcessorInformationProbe::readLabels() {
    labels_.clear();
    label_notes_.clear();
    std::string failure;
    for (const ProcessorRelation relationship :
         {ProcessorRelation::numa_node_ex, ProcessorRelation::numa_node}) {
        const auto buffer = logicalProcessorInformation(relationship);
        if (!buffer.ok()) {
            failure = buffer.error().describe();
            continue;
        }
        labels_ = numaCoreLabels(
            parseLogicalProcessorInformationEx(buffer.value().data(), buffer.value().size()));
        if (!labels_.empty()) {
            return;
        }
        failure = std::string("GetLogicalProcessorInformationEx(") + relationName(relationship) +
                  ") listed no usable NUMA node";
    }
    label_notes_.push_back("NUMA layout unknown (" + failure +
                           "): cores are labelled \"<processor group>,<number>\", which is "
                           "windows_exporter's \"<NUMA node>,<index>\" only on a host with one "
                           "NUMA node");
}

void ProcessorInformationProbe::nameCores(std::vector<CoreTimes>& cores) {
    if (labels_.empty() || applyCoreLabels(cores, labels_)) {
        return;
    }
    readLabels();  // a processor came online since the layout was read
    if (!labels_.empty() && !applyCoreLabels(cores, labels_)) {
        label_notes_.push_back(
            "some processors are not in GetLogicalProcessorInformationEx's NUMA layout: cores "
            "are labelled \"<processor group>,<number>\" this cycle");
    }
}

void ProcessorInformationProbe::read(std::vector<CoreTimes>& cores) {
    cycle_notes_.clear();
    if (!pdh_.available()) {
        return;
    }
    const auto unmatched =
        joinProcessorInformation(cores, reader_.interpret(pdh_.read(cycle_notes_), pdh_.types()));
    if (!unmatched.empty()) {
        cycle_notes_.push_back(std::string("PDH ") + kObject + " instances " +
                               joinWithCommas(unmatched) +
                               " match no processor of GetLogicalProcessorInformationEx's NUMA "
                               "layout: their values are left out");
    }
}

std::vector<std::string> ProcessorInformationProbe::notes() const {
    std::vector<std::string> all = setup_notes_;
    all.insert(all.end(), label_notes_.begin(), label_notes_.end());
    all.insert(all.end(), cycle_notes_.begin(), cycle_notes_.end());
    return all;
}

}  // namespace sysmetrics::win
