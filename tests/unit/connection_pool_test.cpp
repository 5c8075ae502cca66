#include "http/server/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace sysmetrics {

TEST(ConnectionPool, MakesThreadsOnlyAsLoadNeedsThem) {
    ConnectionPool pool(8);
    EXPECT_EQ(pool.threadCount(), 0u);
    std::promise<void> done;
    EXPECT_TRUE(pool.submit([&] { done.set_value(); }, [] {}));
    done.get_future().wait();
    EXPECT_EQ(pool.threadCount(), 1u);
    for (int i = 0; i < 20; i++) {  // one at a time: the same thread serves them all
        std::promise<void> each;
        EXPECT_TRUE(pool.submit([&] { each.set_value(); }, [] {}));
        each.get_future().wait();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_LE(pool.threadCount(), 2u);
}

TEST(ConnectionPool, BeyondTheCapTheOverflowJobRunsInstead) {
    ConnectionPool pool(2);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> served{0};
    std::atomic<int> overflowed{0};
    std::promise<void> overflow_ran;
    EXPECT_TRUE(pool.submit([&] { released.wait(), served++; }, [&] { overflowed++; }));
    EXPECT_TRUE(pool.submit([&] { released.wait(), served++; }, [&] { overflowed++; }));
    EXPECT_FALSE(pool.submit([&] { served++; },
                             [&] {
                                 overflowed++;
                                 overflow_ran.set_value();
                             }));
    overflow_ran.get_future().wait();  // answered while both workers are still busy
    EXPECT_EQ(served.load(), 0);
    EXPECT_EQ(pool.overflowed(), 1u);
    release.set_value();
    pool.shutdown();
    EXPECT_EQ(served.load(), 2);
    EXPECT_EQ(overflowed.load(), 1);
}

TEST(ConnectionPool, ShutdownRunsEverythingAlreadySubmitted) {
    std::atomic<int> ran{0};
    {
        ConnectionPool pool(3);
        for (int i = 0; i < 3; i++) {
            pool.submit(
                [&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    ran++;
                },
                [&] { ran++; });
        }
        pool.shutdown();
        pool.shutdown();
        EXPECT_EQ(ran.load(), 3);
        EXPECT_FALSE(pool.submit([&] { ran += 100; }, [&] { ran++; }));  // closes, never drops
    }
    EXPECT_EQ(ran.load(), 4);
}

}  // namespace sysmetrics
