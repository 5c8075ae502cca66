#include "service/collector_factories.h"

#include <chrono>
#include <thread>

#include "collectors/cpu_collector.h"
#include "collectors/network.h"
#include "collectors/probe_collector.h"
#include "collectors/process_collector.h"
#include "collectors/service.h"
#include "config/process_settings.h"

namespace sysmetrics {

namespace {

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

// A collector whose section is one list from one probe call.
template <typename SectionType, typename Row>
std::shared_ptr<Collector> listCollector(Result<std::vector<Row>> (*read)(),
                                         std::vector<Row> SectionType::*list) {
    return std::make_shared<ProbeCollector<SectionType>>([read, list]() -> Result<SectionType> {
        auto rows = read();
        if (!rows.ok()) {
            return rows.error();
        }
        SectionType section;
        section.*list = std::move(rows).value();
        return section;
    });
}

}  // namespace

std::shared_ptr<Collector> makeHangingCollector(const std::string& name) {
    return std::make_shared<HangingCollector>(name);
}

std::shared_ptr<Collector> makeCpuCollector(const Config&) {
    return std::make_shared<CpuCollector>(makeCpuSource());
}

std::shared_ptr<Collector> makeProcessCollector(const Config& config) {
    const auto& settings = config.settings.get<ProcessSettings>();
    // Patterns were validated with the configuration; a failure here keeps the defaults.
    auto redactor = CommandLineRedactor::create(settings.redact_cmdline, settings.redact_patterns);
    return std::make_shared<ProcessCollector>(
        makeProcessSource(ProcessSourceOptions{settings.threads}),
        redactor.ok() ? redactor.value() : CommandLineRedactor());
}

std::shared_ptr<Collector> makeConnectionCollector(const Config&) {
    return listCollector(&readConnections, &ConnectionSection::connections);
}

std::shared_ptr<Collector> makeNetworkCollector(const Config&) {
    return listCollector(&readInterfaces, &NetworkSection::interfaces);
}

std::shared_ptr<Collector> makeServiceCollector(const Config&) {
    std::shared_ptr<ServiceSource> source = makeServiceSource();
    return std::make_shared<ProbeCollector<ServiceSection>>([source]() -> Result<ServiceSection> {
        auto services = source->read();
        if (!services.ok()) {
            return services.error();
        }
        ServiceSection section;
        section.services = std::move(services).value();
        return section;
    });
}

}  // namespace sysmetrics
