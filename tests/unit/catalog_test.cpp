#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "config/config.h"
#include "config/exporter_names.h"
#include "http/prometheus/collect_selection.h"
#include "service/collector_catalog.h"
#include "tests/support/catalog_families.h"
#include "tests/support/windows_host.h"

namespace sysmetrics {
namespace {

TEST(CollectorCatalog, EveryCollectorHasAFactoryAnExpositionAndARoute) {
    const Config config = defaultConfig();
    std::set<std::string> names;
    for (const auto& entry : collectorCatalog()) {
        const std::string& name = entry.schema.name;
        SCOPED_TRACE(name);
        EXPECT_TRUE(names.insert(name).second) << "catalogued twice";
        ASSERT_TRUE(entry.make) << "no factory";
        EXPECT_NE(entry.make(config), nullptr) << "the factory made nothing";
        EXPECT_TRUE(entry.exposition) << "no exposition";
        ASSERT_FALSE(entry.routes.empty()) << "no REST route";
        for (const auto& route : entry.routes) {
            EXPECT_EQ(route.path.rfind("/api/v1/", 0), 0u) << route.path;
            EXPECT_TRUE(route.handler) << route.path;
            EXPECT_EQ(route.item, !route.patterns.empty()) << route.path;
        }
        EXPECT_EQ(entry.schema.defaults != nullptr, !entry.schema.keys.empty());
        EXPECT_EQ(entry.schema.apply != nullptr, !entry.schema.keys.empty());
    }
}

TEST(CollectorCatalog, ConfigKnowsExactlyTheCatalog) {
    const Config config = defaultConfig();
    std::vector<std::string> catalogued;
    for (const auto& entry : collectorCatalog()) {
        catalogued.push_back(entry.schema.name);
        EXPECT_EQ(makeCollector(entry.schema.name, config)->name(), entry.schema.name);
    }
    std::sort(catalogued.begin(), catalogued.end());
    EXPECT_EQ(config.knownCollectors(), catalogued);
    EXPECT_EQ(makeCollector("no-such-collector", config), nullptr);
}

TEST(CollectorCatalog, EveryCollectorsSettingsRoundTripThroughTheDefaultFile) {
    auto reread = applyConfigJson(defaultConfig(), defaultConfigJson(), "default");
    ASSERT_TRUE(reread.ok()) << reread.error().message;
    EXPECT_EQ(configJson(reread.value()), defaultConfigJson());
}

std::vector<std::string> cataloguedNames() {
    std::vector<std::string> names;
    for (const auto& entry : collectorCatalog()) {
        names.push_back(entry.schema.name);
    }
    return names;
}

TEST(CollectorCatalog, WindowsExporterNamesMapToCataloguedCollectors) {
    const std::vector<std::string> catalogued = cataloguedNames();
    for (const auto& theirs : exporterCollectors()) {
        for (const auto& ours : theirs.ours) {
            EXPECT_NE(std::find(catalogued.begin(), catalogued.end(), ours), catalogued.end())
                << "config/exporter_names.cpp maps " << theirs.name << " to " << ours;
        }
    }
}

// collect[]=<windows_exporter collector> answers each of its families we export, whichever of
// our collectors exports it (config/exporter_names.cpp maps the names that differ).
TEST(CollectorCatalog, WindowsExporterNamesSelectEveryFamilyOfTheirs) {
    const Snapshot host = recordedWindowsHost();
    RenderContext context(MetricNaming::windows);
    context.settings = recordedWindowsHostSettings();
    for (const auto& [collector, families] : familiesByCollector(host, context)) {
        for (const auto& family : families) {
            const std::string theirs = exporterCollectorOfFamily(family);
            if (theirs.empty()) {
                continue;
            }
            auto selection =
                resolveCollect({theirs}, cataloguedNames(), host, MetricNaming::windows);
            ASSERT_TRUE(selection.ok()) << selection.error().message;
            const CollectorFilter* filter = selection.value().filterOf(collector);
            EXPECT_TRUE(filter && (filter->whole || filter->admits(family)))
                << "collect[]=" << theirs << " misses " << family << ", exported by " << collector
                << ": config/exporter_names.cpp maps " << theirs << " to it";
        }
    }
}

}  // namespace
}  // namespace sysmetrics
