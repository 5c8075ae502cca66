#include "service/collector_registry.h"

#include "collectors/cpu_collector.h"
#include <chrono>
#include <thread>

#include "collectors/battery.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/self.h"
#include "collectors/service.h"
#include "collectors/connection_collector.h"
#include "collectors/network.h"
#include "collectors/probe_collector.h"
#include "collectors/process_collector.h"
#include "collectors/system.h"

namespace sysmetrics {

namespace {

// Test-only fault (--fault-hang-collector NAME): that collector blocks forever in collect(), as
// an OS call that never returns would, so tests can prove it never blocks STOP.
class HangingCollector : public Collector {
public:
    explicit HangingCollector(std::string name) : name_(std::move(name)) {}
    std::string name() const override { return name_; }
    Result<SectionPtr> collect() override {
        for (;;) {
            std::this_thread::sleep_for(std::chrono::hours(1));
        }
    }

private:
    std::string name_;
};

}  // namespace

std::shared_ptr<Collector> makeCollector(const std::string& name, const Config& config) {
    if (!config.fault_hang_collector.empty() && name == config.fault_hang_collector) {
        return std::make_shared<HangingCollector>(name);
    }
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
        // Patterns were validated with the configuration; a failure here keeps the defaults.
        auto redactor = CommandLineRedactor::create(config.processes.redact_cmdline,
                                                    config.processes.redact_patterns);
        return std::make_shared<ProcessCollector>(
            makeProcessSource(ProcessSourceOptions{config.processes.threads}),
            redactor.ok() ? redactor.value() : CommandLineRedactor());
    }
    if (name == ConnectionSection::kName) {
        return std::make_shared<ConnectionCollector>(makeConnectionSource());
    }
    if (name == NetworkSection::kName) {
        return std::make_shared<ProbeCollector<NetworkSection>>([]() -> Result<NetworkSection> {
            auto interfaces = readInterfaces();
            if (!interfaces.ok()) {
                return interfaces.error();
            }
            NetworkSection section;
            section.interfaces = std::move(interfaces).value();
            return section;
        });
    }
    if (name == SelfSection::kName) {
        return std::make_shared<ProbeCollector<SelfSection>>(&readSelf);
    }
    if (name == BatterySection::kName) {
        return std::make_shared<ProbeCollector<BatterySection>>(&readBattery);
    }
    if (name == DiskSection::kName) {
        return std::make_shared<ProbeCollector<DiskSection>>(&readDisks);
    }
    if (name == ServiceSection::kName) {
        std::shared_ptr<ServiceSource> source = makeServiceSource();
        return std::make_shared<ProbeCollector<ServiceSection>>(
            [source]() -> Result<ServiceSection> {
                auto services = source->read();
                if (!services.ok()) {
                    return services.error();
                }
                ServiceSection section;
                section.services = std::move(services).value();
                return section;
            });
    }
    return nullptr;
}

}  // namespace sysmetrics
