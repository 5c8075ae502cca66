// Every family this platform's collectors export is one a textfile may not take: rendered
// from a real collection of every catalogued collector, and from the recorded Windows host
// (where every source answers) under both namings.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "config/textfile_settings.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/prometheus/own_families.h"
#include "service/app.h"
#include "service/collector_catalog.h"
#include "tests/support/catalog_families.h"
#include "tests/support/windows_host.h"

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

// The collectors the recorded host has no section for: self's families are all sysmetrics_*,
// textfile's and performancecounter's are named by what they read (files, configured counters);
// the test above renders what they export on this host.
const std::set<std::string> kNotRecorded = {"self", "textfile", "performancecounter"};

TEST(OwnFamilies, EveryFamilyOfTheRecordedWindowsHostIsReserved) {
    const Snapshot host = recordedWindowsHost();
    for (const auto& entry : collectorCatalog()) {
        const std::string& name = entry.schema.name;
        EXPECT_NE(host.sections.count(name), kNotRecorded.count(name))
            << name << ": its section belongs in tests/support/windows_host.cpp";
    }
    for (const auto& recorded : host.sections) {
        EXPECT_EQ(catalogExpositions().count(recorded.first), 1u)
            << recorded.first << " is recorded but not catalogued";
    }
    RenderContext windows_names(MetricNaming::windows);
    windows_names.settings = recordedWindowsHostSettings();
    for (const auto& [collector, families] : familiesByCollector(host, windows_names)) {
        SCOPED_TRACE(collector);
        EXPECT_FALSE(families.empty());
        for (const auto& family : families) {
            EXPECT_TRUE(isOwnMetricName(family, MetricNaming::windows))
                << family << " is not reserved: its prefix belongs in own_families.cpp";
        }
    }
    // The same sections under node_exporter's names: a windows_* family there (services) has a
    // Windows-only source, unsupported on Linux, so only the node_* ones are ever exported.
    RenderContext node_names(MetricNaming::linux);
    node_names.settings = recordedWindowsHostSettings();
    for (const auto& [collector, families] : familiesByCollector(host, node_names)) {
        SCOPED_TRACE(collector);
        for (const auto& family : families) {
            EXPECT_TRUE(family.rfind("windows_", 0) == 0 ||
                        isOwnMetricName(family, MetricNaming::linux))
                << family << " is not reserved: its prefix belongs in own_families.cpp";
        }
    }
}

}  // namespace
}  // namespace sysmetrics
