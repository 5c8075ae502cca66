#include "service/collector_registry.h"

#include "collectors/cpu_collector.h"
#include "collectors/memory.h"
#include "collectors/probe_collector.h"
#include "collectors/process_collector.h"
#include "collectors/system.h"

namespace sysmetrics {

std::shared_ptr<Collector> makeCollector(const std::string& name, const Config& config) {
    if (name == MemorySection::kName) {
        return std::make_shared<ProbeCollector<MemorySection>>(&readMemory);
    }
    if (name == SystemSection::kName) {
        return std::make_shared<ProbeCollector<SystemSection>>(&readSystem);
    }
    if (name == CpuSection::kName) {
        return std::make_shared<CpuCollector>(makeCpuSource());
    }
    if (name == ProcessSection::kName) {
        return std::make_shared<ProcessCollector>(
            makeProcessSource(ProcessSourceOptions{config.processes.threads}));
    }
    return nullptr;
}

}  // namespace sysmetrics
