// Every family this platform's collectors export is one a textfile may not take: rendered
// from a real collection of every catalogued collector.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "config/textfile_settings.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/prometheus/own_families.h"
#include "service/app.h"
#include "service/collector_catalog.h"

namespace sysmetrics {
namespace {

TEST(OwnFamilies, EveryRenderedFamilyIsReservedFromTextfiles) {
    Config config = defaultConfig();
    // Not the default folder: collecting it would create it.
    auto textfile = std::make_shared<TextfileSettings>();
    textfile->directories = {
        (std::filesystem::temp_directory_path() / "sysmetrics-no-such-folder").string()};
    config.settings.set(TextfileSettings::kCollector, std::move(textfile));
    Snapshot snapshot;
    snapshot.version = 1;
    for (const auto& entry : collectorCatalog()) {
        auto collected = entry.make(config)->collect();
        if (collected.ok()) {
            snapshot.sections[entry.schema.name] = collected.value();
        }
        snapshot.status[entry.schema.name].name = entry.schema.name;
    }
    const MetricNaming naming = platformNaming();
    MetricsEndpoint endpoint(naming, RuntimeInfo{}, catalogExpositions());
    std::istringstream text(endpoint.renderSnapshot(snapshot, {}) +
                            endpoint.renderDynamic(snapshot, {}, 0));
    std::size_t families = 0;
    for (std::string line; std::getline(text, line);) {
        if (line.rfind("# TYPE ", 0) != 0) {
            continue;
        }
        const std::string name = line.substr(7, line.find(' ', 7) - 7);
        families++;
        EXPECT_TRUE(isOwnMetricName(name, naming)) << name << " is not reserved";
    }
    EXPECT_GT(families, 20u);
    EXPECT_FALSE(isOwnMetricName("backup_last_success_timestamp_seconds", naming));
}

}  // namespace
}  // namespace sysmetrics
