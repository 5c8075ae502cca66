#include "collectors/read_cadence.h"

#include <gtest/gtest.h>

#include "collectors/read_demand.h"

namespace sysmetrics {
namespace {

using namespace std::chrono_literals;

const ReadClock::time_point kStart{};

std::deque<ReadClock::time_point> readsAt(std::initializer_list<std::chrono::milliseconds> at) {
    std::deque<ReadClock::time_point> reads;
    for (const auto offset : at) {
        reads.push_back(kStart + offset);
    }
    return reads;
}

TEST(ReadCadence, AScraperEveryFifteenSecondsIsASteadyCadence) {
    const auto reads = readsAt({0ms, 15000ms, 30010ms, 44990ms});
    const auto cadence = steadyCadence(reads, kStart + 46s);
    ASSERT_TRUE(cadence);
    EXPECT_EQ(cadence->period, 15000ms);
    EXPECT_EQ(cadence->next, kStart + 59990ms);
}

TEST(ReadCadence, FewReadsOrUnevenReadsAreNoCadence) {
    EXPECT_FALSE(steadyCadence(readsAt({0ms, 15000ms, 30000ms}), kStart + 31s))
        << "three gaps are needed";
    // Two Prometheus servers of an HA pair, scraping at different offsets: 3 s, 12 s, 3 s.
    EXPECT_FALSE(steadyCadence(readsAt({0ms, 3000ms, 15000ms, 18000ms}), kStart + 19s));
    // A person refreshing a page.
    EXPECT_FALSE(steadyCadence(readsAt({0ms, 4000ms, 5000ms, 14000ms}), kStart + 15s));
}

TEST(ReadCadence, AReaderThatStoppedEndsTheCadence) {
    const auto reads = readsAt({0ms, 15000ms, 30000ms, 45000ms});
    EXPECT_TRUE(steadyCadence(reads, kStart + 65s)) << "a late scrape is not yet a gone one";
    EXPECT_FALSE(steadyCadence(reads, kStart + 68s)) << "half a period overdue";
}

TEST(ReadCadence, OnlyTheLastFourReadsCount) {
    // A dashboard polled earlier; Prometheus alone now.
    const auto reads = readsAt({0ms, 700ms, 1900ms, 10000ms, 25000ms, 40000ms, 55000ms});
    const auto cadence = steadyCadence(reads, kStart + 56s);
    ASSERT_TRUE(cadence);
    EXPECT_EQ(cadence->period, 15000ms);
}

TEST(PacedCollection, CollectsShortlyBeforeEachDueReadAndNeverMoreOftenThanTheInterval) {
    const ReadCadence every15{15000ms, kStart + 60000ms};
    // Collected 3 s before the read due at 60 s: the next collection is for the read after it.
    auto next = pacedCollection(kStart + 57s, 20ms, 5000ms, every15);
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, kStart + 74500ms) << "500 ms before the read due at 75 s";
    // Collected 10 s before it: once more, 500 ms before it.
    next = pacedCollection(kStart + 50s, 20ms, 5000ms, every15);
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, kStart + 59500ms);
    // A slow collection leads by twice its duration, at most an interval.
    next = pacedCollection(kStart + 50s, 1200ms, 5000ms, every15);
    EXPECT_EQ(*next, kStart + 57600ms);
    next = pacedCollection(kStart + 40s, 4000ms, 5000ms, every15);
    EXPECT_EQ(*next, kStart + 55000ms);
}

TEST(PacedCollection, ReadsLessThanTwoIntervalsApartKeepTheInterval) {
    EXPECT_FALSE(pacedCollection(kStart, 1ms, 5000ms, ReadCadence{9000ms, kStart + 9s}));
    EXPECT_TRUE(pacedCollection(kStart, 1ms, 5000ms, ReadCadence{10000ms, kStart + 10s}));
    EXPECT_FALSE(pacedCollection(kStart, 1ms, 5000ms, std::nullopt));
}

TEST(ReadDemand, PollsCloseTogetherAreOneReadAndAStreamReadStopsThePacing) {
    ReadDemand demand;
    demand.noteRead("cpu");
    demand.noteRead("cpu");  // the same scrape
    EXPECT_TRUE(demand.lastRead("cpu"));
    EXPECT_FALSE(demand.cadence("cpu"));
    EXPECT_FALSE(demand.cadence("memory"));
    demand.noteRead("memory", ReadKind::stream);
    EXPECT_TRUE(demand.lastRead("memory")) << "a stream read keeps an idle collector awake";
}

}  // namespace
}  // namespace sysmetrics
