#include "collectors/registry.h"

#include "collectors/cpu_collector.h"
#include "collectors/memory.h"
#include "collectors/probe_collector.h"
#include "collectors/system.h"

namespace sysmetrics {

std::shared_ptr<Collector> makeCollector(const std::string& name) {
    if (name == MemorySection::kName) {
        return std::make_shared<ProbeCollector<MemorySection>>(&readMemory);
    }
    if (name == SystemSection::kName) {
        return std::make_shared<ProbeCollector<SystemSection>>(&readSystem);
    }
    if (name == CpuSection::kName) {
        return std::make_shared<CpuCollector>(makeCpuSource());
    }
    return nullptr;
}

}  // namespace sysmetrics
