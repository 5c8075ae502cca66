#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collectors/collector.h"
#include "config/config.h"
#include "http/collector_http.h"
#include "http/prometheus/metrics_endpoint.h"

namespace sysmetrics {

using CollectorFactory = std::function<std::shared_ptr<Collector>(const Config&)>;

// Everything that makes a collector, in one place: its name, defaults and settings (read by
// config), its factory for this platform (read by the scheduler's set-up), its exposition
// (read by /metrics) and its REST routes (read by the router). docs/architecture.md says how
// to add one.
struct CatalogEntry {
    CollectorSchema schema;
    CollectorFactory make;
    Exposition exposition;
    RestRoutes routes;
    ExpositionReads metrics_reads;  // null: /metrics reads its own section
};

const std::vector<CatalogEntry>& collectorCatalog();

// The catalog as each layer reads it.
CollectorSchemas catalogSchemas();
CollectorHttpList catalogHttp();
Expositions catalogExpositions();

// Every collector at its catalog defaults, and the same as a config file.
Config defaultConfig();
std::string defaultConfigJson();

// A fresh collector for `name`, set up from `config`; null for a name not in the catalog.
std::shared_ptr<Collector> makeCollector(const std::string& name, const Config& config);

}  // namespace sysmetrics
