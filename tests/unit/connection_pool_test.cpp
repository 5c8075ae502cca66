#include "http/server/connection_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace sysmetrics {

TEST(ConnectionPool, MakesThreadsOnlyAsLoadNeedsThem) {
    ConnectionPool pool(32);
    EXPECT_EQ(pool.threadCount(), 0u);
    std::promise<void> done;
    EXPECT_TRUE(pool.trySubmit([&] { done.set_value(); }));
    done.get_future().wait();
    EXPECT_EQ(pool.threadCount(), 1u);
    for (int i = 0; i < 20; i++) {  // one at a time: the same thread serves them all
        std::promise<void> each;
        while (!pool.trySubmit([&] { each.set_value(); })) {
            std::this_thread::yield();  // the previous job is counted done just after it ran
        }
        each.get_future().wait();
    }
    // Reused: a job may start before the previous one is counted done, so allow a few.
    EXPECT_LE(pool.threadCount(), 4u);
}

TEST(ConnectionPool, BeyondTheCapSaysNoAtOnce) {
    ConnectionPool pool(2);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> served{0};
    EXPECT_TRUE(pool.trySubmit([&] { released.wait(), served++; }));
    EXPECT_TRUE(pool.trySubmit([&] { released.wait(), served++; }));
    EXPECT_FALSE(pool.trySubmit([&] { served++; }));  // answered while both are still busy
    pool.setMaxWorkers(3);
    EXPECT_TRUE(pool.trySubmit([&] { served++; }));
    release.set_value();
    pool.shutdown();
    EXPECT_EQ(served.load(), 3);
}

TEST(ConnectionPool, ShutdownRunsEverythingAlreadySubmitted) {
    std::atomic<int> ran{0};
    {
        ConnectionPool pool(3);
        for (int i = 0; i < 3; i++) {
            EXPECT_TRUE(pool.trySubmit([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                ran++;
            }));
        }
        pool.shutdown();
        pool.shutdown();
        EXPECT_EQ(ran.load(), 3);
        EXPECT_FALSE(pool.trySubmit([&] { ran += 100; }));
    }
    EXPECT_EQ(ran.load(), 3);
}

}  // namespace sysmetrics
