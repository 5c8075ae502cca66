// The time and pagefile probes on this machine: the local zone and adjtimex(2), /proc/swaps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "base/file_read.h"
#include "base/text_parse.h"
#include "collectors/pagefile.h"
#include "collectors/time.h"

namespace sysmetrics {

TEST(LinuxProbes, TimeZoneAndTheKernelsClockDiscipline) {
    auto source = makeTimeSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    for (const auto& note : source->notes()) {
        std::printf("time note: %s\n", note.c_str());
    }
    EXPECT_FALSE(section->timezone.empty());
    ASSERT_TRUE(section->zone_offset_seconds);
    EXPECT_LE(std::abs(*section->zone_offset_seconds), 14 * 3600);
    if (section->timex) {
        const TimexValues& t = *section->timex;
        EXPECT_TRUE(t.sync_status == 0 || t.sync_status == 1);
        EXPECT_GT(t.tick_seconds, 0);  // USER_HZ ticks: 0.01 s on most kernels
        EXPECT_LT(t.tick_seconds, 0.1);
        EXPECT_NEAR(t.frequency_adjustment_ratio, 1, 0.001);  // the kernel caps it at 500 ppm
        EXPECT_GE(t.maxerror_seconds, 0);
    } else {
        ASSERT_EQ(source->notes().size(), 1u);
        EXPECT_EQ(source->notes().front().rfind("adjtimex: ", 0), 0u);
    }
    EXPECT_FALSE(section->clock_sync_source);  // Windows'
    EXPECT_FALSE(section->w32time.any());
}

TEST(LinuxProbes, SwapAreasAreTheLinesOfProcSwaps) {
    auto source = makePagefileSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    EXPECT_EQ(section->source, "swaps");
    auto text = readTextFile("/proc/swaps");
    ASSERT_TRUE(text.ok());
    const auto lines = splitLines(text.value());
    ASSERT_FALSE(lines.empty());  // the header at least
    std::size_t areas = 0;
    for (std::size_t i = 1; i < lines.size(); i++) {
        areas += trim(lines[i]).empty() ? 0 : 1;
    }
    EXPECT_EQ(section->files.size(), areas);
    for (const auto& f : section->files) {
        EXPECT_EQ(f.file.front(), '/') << f.file;
        ASSERT_TRUE(f.limit_bytes);
        EXPECT_LE(f.used_bytes, *f.limit_bytes);
    }
}

}  // namespace sysmetrics
