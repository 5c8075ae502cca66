#include "service/collector_factories.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "base/paths.h"

#include "collectors/performancecounter.h"
#include "collectors/probe_collector.h"
#include "collectors/process_collector.h"
#include "collectors/service.h"
#include "collectors/textfile.h"
#include "config/performancecounter_settings.h"
#include "config/process_settings.h"
#include "config/textfile_settings.h"
#include "http/prometheus/own_families.h"
#include "service/app.h"

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

// The collector's view of the configured objects: metric names resolved both ways, since
// whether a counter is exported as a gauge or a counter may follow its PDH type.
PerfObjectSpecs perfObjectSpecs(const PerformanceCounterSettings& settings) {
    PerfObjectSpecs objects;
    for (const auto& object : settings.objects) {
        PerfObjectSpec spec{object.object, object.instances, {}, object.labels, object.formatted};
        for (const auto& counter : object.counters) {
            PerfCounterSpec counter_spec{
                counter.name, perfCounterMetricName(object, counter, false),
                perfCounterMetricName(object, counter, true), std::nullopt};
            if (!counter.type.empty()) {
                counter_spec.as_counter = counter.type == "counter";
            }
            spec.counters.push_back(std::move(counter_spec));
        }
        objects.push_back(std::move(spec));
    }
    return objects;
}

}  // namespace

std::shared_ptr<Collector> makeHangingCollector(const std::string& name) {
    return std::make_shared<HangingCollector>(name);
}

std::shared_ptr<Collector> makeProcessCollector(const Config& config) {
    const auto& settings = config.settings.get<ProcessSettings>();
    return std::make_shared<ProcessCollector>(
        makeProcessSource(ProcessSourceOptions{settings.threads, settings.process_group_id}),
        CommandLineRedactor::create(settings.redact_cmdline, settings.redact_patterns));
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

std::shared_ptr<Collector> makeTextfileCollector(const Config& config) {
    const auto& settings = config.settings.get<TextfileSettings>();
    TextfileOptions options;
    options.directories = settings.directories;
    options.max_file_bytes = settings.max_file_bytes;
    const MetricNaming naming = platformNaming();
    options.reserved = [naming](const std::string& name) { return isOwnMetricName(name, naming); };
    TextfileReader reader = &readTextfileDirectory;
    if (options.directories.empty()) {
        options.directories.push_back(defaultTextfileDirectory());
        // Made on the first collection, not here: making a collector changes nothing on disk.
        reader = [created = false](const std::string& directory, std::uint64_t max_bytes,
                                   const TextfileSkip& skip) mutable {
            if (!created) {
                created = true;
                if (auto made = ensureTextfileDirectory(directory); !made.ok()) {
                    spdlog::warn("textfile: cannot create the default directory {}: {}", directory,
                                 made.error().describe());
                }
            }
            return readTextfileDirectory(directory, max_bytes, skip);
        };
    }
    return std::make_shared<TextfileCollector>(std::move(options), std::move(reader));
}

std::shared_ptr<Collector> makePerformanceCounterCollector(const Config& config) {
    return makePerfCounterCollector(
        perfObjectSpecs(config.settings.get<PerformanceCounterSettings>()));
}

ConfigStatus checkEnabledPerformanceCounters(const Config& config) {
    auto it = config.collectors.find(PerformanceCounterSettings::kCollector);
    if (it == config.collectors.end() || !it->second.enabled) {
        return {};
    }
    return checkPerformanceCounters(
        perfObjectSpecs(config.settings.get<PerformanceCounterSettings>()));
}

}  // namespace sysmetrics
