#include "base/weighted_list.h"

#include <gtest/gtest.h>

namespace sysmetrics {

TEST(WeightedList, ItemsParametersAndWeightsAsRfc9110WritesThem) {
    const auto items = parseWeightedList(
        " Application/OpenMetrics-Text; Version=\"1.0.0\" ;Q=0.5, text/plain;q=1.000 ,gzip");
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0].value, "application/openmetrics-text");
    EXPECT_EQ(items[0].param("version"), "1.0.0");
    EXPECT_DOUBLE_EQ(items[0].q, 0.5);
    EXPECT_EQ(items[1].value, "text/plain");
    EXPECT_DOUBLE_EQ(items[1].q, 1);
    EXPECT_TRUE(items[1].params.empty());
    EXPECT_EQ(items[2].value, "gzip");
    EXPECT_DOUBLE_EQ(items[2].q, 1);
    EXPECT_EQ(items[2].param("version"), "");
}

TEST(WeightedList, AnItemWithAMalformedWeightOrNoValueIsDropped) {
    for (const char* bad :
         {"gzip;q=1.5", "gzip;q=abc", "gzip;q=", "gzip;q=0.1234", "gzip;q=.5", "gzip;q=-0"}) {
        EXPECT_TRUE(parseWeightedList(bad).empty()) << bad;
    }
    const auto items = parseWeightedList(",, ;q=1, br;q=0");
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].value, "br");
    EXPECT_DOUBLE_EQ(items[0].q, 0);
}

}  // namespace sysmetrics
