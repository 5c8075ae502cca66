#include "http/host_metrics.h"

#include <functional>
#include <map>

#include "collectors/cpu.h"
#include "collectors/memory.h"
#include "collectors/system.h"
#include "http/section_metrics.h"

namespace sysmetrics {

namespace {

template <typename SectionType>
std::function<void(const Section&, MetricNaming, FamilyList&)> mapping(
    void (*append)(const SectionType&, MetricNaming, FamilyList&)) {
    return [append](const Section& section, MetricNaming naming, FamilyList& out) {
        if (const auto* typed = dynamic_cast<const SectionType*>(&section)) {
            append(*typed, naming, out);
        }
    };
}

}  // namespace

bool appendSectionMetrics(const std::string& collector, const Section& section, MetricNaming naming,
                          FamilyList& out) {
    static const std::map<std::string,
                          std::function<void(const Section&, MetricNaming, FamilyList&)>>
        kMappings = {
            {MemorySection::kName, mapping<MemorySection>(&appendMemoryMetrics)},
            {SystemSection::kName, mapping<SystemSection>(&appendSystemMetrics)},
            {CpuSection::kName, mapping<CpuSection>(&appendCpuMetrics)},
        };
    auto it = kMappings.find(collector);
    if (it == kMappings.end()) {
        return false;
    }
    it->second(section, naming, out);
    return true;
}

}  // namespace sysmetrics
