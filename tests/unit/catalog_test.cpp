#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "config/config.h"
#include "service/collector_catalog.h"

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

}  // namespace
}  // namespace sysmetrics
