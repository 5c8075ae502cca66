#include "http/host_metrics.h"

#include <functional>
#include <map>

#include "http/section_metrics.h"

namespace sysmetrics {

namespace {

using Mapping = std::function<void(const Section&, const RenderContext&, FamilyList&)>;

template <typename SectionType>
Mapping byNaming(void (*append)(const SectionType&, MetricNaming, FamilyList&)) {
    return [append](const Section& section, const RenderContext& context, FamilyList& out) {
        if (const auto* typed = dynamic_cast<const SectionType*>(&section)) {
            append(*typed, context.naming, out);
        }
    };
}

template <typename SectionType>
Mapping byContext(void (*append)(const SectionType&, const RenderContext&, FamilyList&)) {
    return [append](const Section& section, const RenderContext& context, FamilyList& out) {
        if (const auto* typed = dynamic_cast<const SectionType*>(&section)) {
            append(*typed, context, out);
        }
    };
}

}  // namespace

std::optional<SafeRegex> compiledOrNever(const std::string& pattern) {
    if (pattern.empty()) {
        return std::nullopt;
    }
    auto compiled = SafeRegex::compile(pattern);
    return compiled.ok() ? compiled.value() : SafeRegex::compile("$^").value();
}

ProcessExport ProcessExport::from(const ProcessConfig& config) {
    ProcessExport out;
    out.per_process = config.perProcessSeries();
    out.include = compiledOrNever(config.include);
    out.exclude = compiledOrNever(config.exclude);
    out.cmdline_label = config.cmdline_label;
    out.limit = config.limit;
    out.limit_by_memory = config.limit_by == "memory";
    return out;
}

bool appendSectionMetrics(const std::string& collector, const Section& section,
                          const RenderContext& context, FamilyList& out) {
    static const std::map<std::string, Mapping> kMappings = {
        {MemorySection::kName, byNaming<MemorySection>(&appendMemoryMetrics)},
        {SystemSection::kName, byNaming<SystemSection>(&appendSystemMetrics)},
        {CpuSection::kName, byNaming<CpuSection>(&appendCpuMetrics)},
        {ProcessSection::kName, byContext<ProcessSection>(&appendProcessMetrics)},
        {ConnectionSection::kName, byNaming<ConnectionSection>(&appendConnectionMetrics)},
        {NetworkSection::kName, byNaming<NetworkSection>(&appendNetworkMetrics)},
        {BatterySection::kName, byNaming<BatterySection>(&appendBatteryMetrics)},
        {SelfSection::kName, byNaming<SelfSection>(&appendSelfMetrics)},
        {DiskSection::kName, byNaming<DiskSection>(&appendDiskMetrics)},
        {ServiceSection::kName, byContext<ServiceSection>(&appendServiceMetrics)},
    };
    auto it = kMappings.find(collector);
    if (it == kMappings.end()) {
        return false;
    }
    it->second(section, context, out);
    return true;
}

}  // namespace sysmetrics
