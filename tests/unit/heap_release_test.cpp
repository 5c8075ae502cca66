// When the server gives freed heap back to the OS (HeapReleaseTurns), and that releaseFreeHeap
// does give it back on glibc, measured on this process's own resident memory.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "base/heap_release.h"
#include "base/text_parse.h"
#include "http/server/heap_release_after_answer.h"

namespace sysmetrics {
namespace {

using Clock = HeapReleaseTurns::Clock;

TEST(HeapReleaseTurns, SmallAnswersNeverRelease) {
    HeapReleaseTurns turns;
    const Clock::time_point t0{std::chrono::hours(1)};
    EXPECT_FALSE(turns.take(0, t0, false));
    EXPECT_FALSE(turns.take(HeapReleaseTurns::kLargeAnswerBytes - 1, t0, false));
    EXPECT_FALSE(turns.take(100, t0 + std::chrono::hours(1), false));
}

TEST(HeapReleaseTurns, ALargeAnswerReleasesOnceAlone) {
    HeapReleaseTurns turns;
    const Clock::time_point t0{std::chrono::hours(1)};
    const std::size_t large = HeapReleaseTurns::kLargeAnswerBytes;
    EXPECT_TRUE(turns.take(large, t0, false));
    EXPECT_FALSE(turns.take(100, t0, false));                                  // released already
    EXPECT_TRUE(turns.take(large, t0 + std::chrono::milliseconds(1), false));  // a new one
    HeapReleaseTurns fresh;
    EXPECT_TRUE(fresh.take(large, Clock::time_point{}, true));  // the first, at any clock
}

TEST(HeapReleaseTurns, ABurstReleasesAfterItsLastAnswer) {
    HeapReleaseTurns turns;
    const Clock::time_point t0{std::chrono::hours(1)};
    const std::size_t large = HeapReleaseTurns::kLargeAnswerBytes;
    const auto ms = [](int n) { return std::chrono::milliseconds(n); };
    EXPECT_TRUE(turns.take(large, t0, true));           // the first of four
    EXPECT_FALSE(turns.take(large, t0 + ms(5), true));  // two more while others serve
    EXPECT_FALSE(turns.take(large, t0 + ms(9), true));
    EXPECT_TRUE(turns.take(large, t0 + ms(12), false));  // the last: nobody else busy
    EXPECT_FALSE(turns.take(10, t0 + ms(20), false));    // nothing large since
}

TEST(HeapReleaseTurns, UnderConstantLoadAtMostOncePerInterval) {
    HeapReleaseTurns turns;
    const Clock::time_point t0{std::chrono::hours(1)};
    const std::size_t large = HeapReleaseTurns::kLargeAnswerBytes;
    const auto interval = HeapReleaseTurns::kMinInterval;
    EXPECT_TRUE(turns.take(large, t0, true));
    EXPECT_FALSE(turns.take(large, t0 + interval / 2, true));
    EXPECT_FALSE(turns.take(large, t0 + interval - std::chrono::milliseconds(1), true));
    EXPECT_TRUE(turns.take(large, t0 + interval, true));
    // A small answer that ends a burst releases what the large ones before it left.
    EXPECT_FALSE(turns.take(large, t0 + interval + std::chrono::milliseconds(1), true));
    EXPECT_TRUE(turns.take(10, t0 + interval + std::chrono::milliseconds(2), false));
}

// glibc's own allocator: a sanitizer build replaces malloc, and malloc_trim with it.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SYSMETRICS_SANITIZER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SYSMETRICS_SANITIZER_ALLOCATOR 1
#endif
#endif

#if defined(__GLIBC__) && !defined(SYSMETRICS_SANITIZER_ALLOCATOR)
std::uint64_t residentAnonymousKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("RssAnon:", 0) == 0) {
            return parseUnsigned(trim(line.substr(8, line.size() - 8 - 3))).value_or(0);
        }
    }
    return 0;
}

TEST(HeapRelease, GivesFreedSmallBlocksBackOnGlibc) {
    // 32 MB in small blocks, freed, with a small block kept after every hundred: glibc cannot
    // shrink its heap from the top and keeps the freed pages resident until released.
    std::vector<std::unique_ptr<std::string>> kept;
    {
        std::vector<std::unique_ptr<std::string>> transient;
        for (int i = 0; i < 400000; i++) {
            transient.push_back(std::make_unique<std::string>(64, 'x'));
            if (i % 100 == 0) {
                kept.push_back(std::make_unique<std::string>(64, 'k'));
            }
        }
    }
    const std::uint64_t before = residentAnonymousKb();
    releaseFreeHeap();
    const std::uint64_t after = residentAnonymousKb();
    EXPECT_GT(before, after + 16 * 1024)
        << "RssAnon " << before << " kB before, " << after << " kB after";
    EXPECT_EQ(kept.size(), 4000u);
}
#endif

}  // namespace
}  // namespace sysmetrics
