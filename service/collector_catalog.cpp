#include "service/collector_catalog.h"

#include "collectors/connection_collector.h"
#include "collectors/cpu_collector.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/network_collector.h"
#include "collectors/pagefile.h"
#include "collectors/physical_disk.h"
#include "collectors/section_source.h"
#include "collectors/thermalzone.h"
#include "collectors/time.h"
#include "config/connection_settings.h"
#include "config/disk_settings.h"
#include "config/performancecounter_settings.h"
#include "config/process_settings.h"
#include "config/service_settings.h"
#include "config/textfile_settings.h"
#include "http/prometheus/collector_metrics.h"
#include "http/rest/collector_routes.h"
#include "service/collector_factories.h"

namespace sysmetrics {

namespace {

using std::chrono::seconds;

constexpr bool kOn = true;

struct NoSettings {};

template <typename SectionType>
using Append = void (*)(const SectionType&, const RenderContext&, FamilyList&);

// One catalog line: the section type names the collector (its kName); `Settings` are its own
// keys (NoSettings when it has none).
template <typename SectionType, typename Settings = NoSettings>
CatalogEntry collector(bool enabled, seconds interval, CollectorFactory make,
                       Append<SectionType> append, RestRoutes routes) {
    CollectorSchema schema;
    schema.name = SectionType::kName;
    schema.enabled_by_default = enabled;
    schema.default_interval = interval;
    if constexpr (!std::is_same_v<Settings, NoSettings>) {
        static_assert(std::string_view(Settings::kCollector) == SectionType::kName);
        schema = schemaWithSettings<Settings>(std::move(schema));
    }
    return CatalogEntry{std::move(schema), std::move(make), exposition<SectionType>(append),
                        std::move(routes), nullptr};
}

// A collector whose data may be costly and unread: while nobody reads it (a REST read, or a
// scrape whose families read it, as `reads` says) it collects only every `idle` interval.
CatalogEntry idlesUnread(seconds idle, ExpositionReads reads, CatalogEntry entry) {
    entry.schema.default_idle_interval = idle;
    entry.metrics_reads = std::move(reads);
    return entry;
}

// A collector over one source kept for its life (a PDH query held open, a socket-owner map, or
// nothing for a stateless probe), made by the platform's `makeXSource`: the section's
// SourceCollector...
template <typename SectionType>
CollectorFactory source(std::unique_ptr<SectionSource<SectionType>> (*make_source)()) {
    return [make_source](const Config&) {
        return std::make_shared<SourceCollector<SectionType>>(make_source());
    };
}

// ...or a collector class of its own over a source of its own kind.
template <typename CollectorType, typename Source>
CollectorFactory source(std::unique_ptr<Source> (*make_source)()) {
    return [make_source](const Config&) { return std::make_shared<CollectorType>(make_source()); };
}

}  // namespace

const std::vector<CatalogEntry>& collectorCatalog() {
    // clang-format off
    static const std::vector<CatalogEntry> catalog = {
        collector<BatterySection>(kOn, seconds(30), source(&makeBatterySource),
                                  &appendBatteryMetrics, batteryRoutes()),
        idlesUnread(seconds(300), &connectionMetricsReads,
        collector<ConnectionSection, ConnectionSettings>(kOn, seconds(15),
                                  source<ConnectionCollector>(&makeConnectionSource),
                                  &appendConnectionMetrics, connectionRoutes())),
        collector<CpuSection>(kOn, seconds(5), source<CpuCollector>(&makeCpuSource),
                                  &appendCpuMetrics, cpuRoutes()),
        collector<DiskSection, DiskSettings>(kOn, seconds(15),
                                  source<DiskCollector>(&makeDiskSource),
                                  &appendDiskMetrics, diskRoutes()),
        collector<MemorySection>(kOn, seconds(5), source(&makeMemorySource),
                                  &appendMemoryMetrics, memoryRoutes()),
        collector<NetworkSection>(kOn, seconds(5), source<NetworkCollector>(&makeNetworkSource),
                                  &appendNetworkMetrics, interfaceRoutes()),
        collector<PagefileSection>(kOn, seconds(30), source(&makePagefileSource),
                                  &appendPagefileMetrics, pagefileRoutes()),
        collector<PhysicalDiskSection>(kOn, seconds(15), source(&makePhysicalDiskSource),
                                  &appendPhysicalDiskMetrics, physicalDiskRoutes()),
        collector<PerformanceCounterSection, PerformanceCounterSettings>(kOn, seconds(15),
                                  &makePerformanceCounterCollector,
                                  &appendPerformanceCounterMetrics, performanceCounterRoutes()),
        idlesUnread(seconds(300), &processMetricsReads,
        collector<ProcessSection, ProcessSettings>(kOn, seconds(15), &makeProcessCollector,
                                  &appendProcessMetrics, processRoutes())),
        collector<SelfSection>(kOn, seconds(5), source(&makeSelfSource),
                                  &appendSelfMetrics, selfRoutes()),
        collector<ServiceSection, ServiceSettings>(kOn, seconds(15), &makeServiceCollector,
                                  &appendServiceMetrics, serviceRoutes()),
        collector<SystemSection>(kOn, seconds(15), source(&makeSystemSource),
                                  &appendSystemMetrics, systemRoutes()),
        collector<TcpSection>(kOn, seconds(15), source(&makeTcpSource),
                                  &appendTcpMetrics, tcpRoutes()),
        collector<TextfileSection, TextfileSettings>(kOn, seconds(15), &makeTextfileCollector,
                                  &appendTextfileMetrics, textfileRoutes()),
        collector<TimeSection>(kOn, seconds(15), source(&makeTimeSource),
                                  &appendTimeMetrics, timeRoutes()),
        collector<ThermalZoneSection>(kOn, seconds(15), source(&makeThermalZoneSource),
                                  &appendThermalZoneMetrics, thermalZoneRoutes()),
    };
    // clang-format on
    return catalog;
}

CollectorSchemas catalogSchemas() {
    CollectorSchemas schemas;
    for (const auto& entry : collectorCatalog()) {
        schemas.push_back(entry.schema);
    }
    return schemas;
}

CollectorHttpList catalogHttp() {
    CollectorHttpList list;
    for (const auto& entry : collectorCatalog()) {
        list.push_back(
            CollectorHttp{entry.schema.name, entry.exposition, entry.routes, entry.metrics_reads});
    }
    return list;
}

Expositions catalogExpositions() {
    Expositions expositions;
    for (const auto& entry : collectorCatalog()) {
        expositions[entry.schema.name] = entry.exposition;
    }
    return expositions;
}

Config defaultConfig() {
    return defaultConfig(catalogSchemas());
}

std::string defaultConfigJson() {
    return configJson(defaultConfig());
}

std::shared_ptr<Collector> makeCollector(const std::string& name, const Config& config) {
    if (!config.fault_hang_collector.empty() && name == config.fault_hang_collector) {
        return makeHangingCollector(name);
    }
    for (const auto& entry : collectorCatalog()) {
        if (entry.schema.name == name) {
            return entry.make(config);
        }
    }
    return nullptr;
}

}  // namespace sysmetrics
