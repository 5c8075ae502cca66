#include "base/text_parse.h"

#include <gtest/gtest.h>

namespace sysmetrics {

TEST(TextParse, TrimRemovesSpacesTabsAndLineEnds) {
    EXPECT_EQ(trim("  a b\t\r\n"), "a b");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \t "), "");
}

TEST(TextParse, SplitLinesKeepsEmptyMiddleLinesAndDropsTrailingNewline) {
    const auto lines = splitLines("a\n\nb\n");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "a");
    EXPECT_EQ(lines[1], "");
    EXPECT_EQ(lines[2], "b");
}

TEST(TextParse, SplitFieldsOnRunsOfBlanks) {
    const auto fields = splitFields("  cpu0  12\t34 ");
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_EQ(fields[0], "cpu0");
    EXPECT_EQ(fields[2], "34");
}

TEST(TextParse, FirstFieldsStopsAtItsMaximumOrTheEnd) {
    std::string_view fields[3];
    EXPECT_EQ(firstFields(" a  bb\tc d e", fields, 3), 3u);
    EXPECT_EQ(fields[0], "a");
    EXPECT_EQ(fields[1], "bb");
    EXPECT_EQ(fields[2], "c");
    EXPECT_EQ(firstFields("x \n", fields, 3), 1u);
    EXPECT_EQ(fields[0], "x");
    EXPECT_EQ(firstFields("   ", fields, 3), 0u);
}

TEST(TextParse, NumbersRejectGarbageAndOverflow) {
    EXPECT_EQ(parseUnsigned("42"), 42u);
    EXPECT_FALSE(parseUnsigned(""));
    EXPECT_FALSE(parseUnsigned("4x"));
    EXPECT_FALSE(parseUnsigned("-1"));
    EXPECT_FALSE(parseUnsigned("99999999999999999999999"));
    EXPECT_EQ(parseSigned("-7"), -7);
    EXPECT_DOUBLE_EQ(*parseDouble("12.5"), 12.5);
    EXPECT_FALSE(parseDouble("12.5s"));
    EXPECT_FALSE(parseDouble(""));
}

TEST(TextParse, NamesAreListedWithCommas) {
    EXPECT_EQ(joinWithCommas({"cpu", "memory", "disks"}), "cpu, memory, disks");
    EXPECT_EQ(joinWithCommas({"cpu"}), "cpu");
    EXPECT_EQ(joinWithCommas({"", "x"}), ", x");  // an empty name still takes its place
    EXPECT_EQ(joinWithCommas({}), "");
}

}  // namespace sysmetrics
