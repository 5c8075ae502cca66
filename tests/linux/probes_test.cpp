// The real /proc probes on this machine.
#include <gtest/gtest.h>
#include <unistd.h>

#include "collectors/clock.h"
#include "collectors/memory.h"
#include "collectors/system.h"

namespace sysmetrics {

TEST(LinuxProbes, MemoryMatchesSysconf) {
    auto memory = readMemory();
    ASSERT_TRUE(memory.ok()) << memory.error().describe();
    const double pages = static_cast<double>(sysconf(_SC_PHYS_PAGES));
    const double page_size = static_cast<double>(sysconf(_SC_PAGESIZE));
    EXPECT_NEAR(static_cast<double>(memory->physical_total_bytes), pages * page_size,
                pages * page_size * 0.01);
    EXPECT_GT(memory->physical_available_bytes, 0u);
    EXPECT_LE(memory->physical_available_bytes, memory->physical_total_bytes);
    EXPECT_TRUE(memory->meminfo.count("MemTotal"));
}

TEST(LinuxProbes, SystemIsSane) {
    auto system = readSystem();
    ASSERT_TRUE(system.ok()) << system.error().describe();
    char hostname[256] = {};
    gethostname(hostname, sizeof hostname - 1);
    EXPECT_EQ(system->hostname, hostname);
    EXPECT_EQ(system->os_family, "linux");
    EXPECT_GT(system->os_major, 0u);
    EXPECT_LT(system->boot_time, wallSeconds());
    EXPECT_GT(system->boot_time, 1e9);
    EXPECT_NEAR(system->boot_time + system->uptime_seconds, wallSeconds(), 5);
    EXPECT_EQ(system->logical_cpus, static_cast<std::uint32_t>(sysconf(_SC_NPROCESSORS_ONLN)));
    EXPECT_GT(system->processes, 0u);
    EXPECT_GE(system->threads, system->processes / 2);
}

}  // namespace sysmetrics

#include <atomic>
#include <chrono>
#include <thread>

#include "collectors/cpu.h"

namespace sysmetrics {

TEST(LinuxProbes, CpuHasOneEntryPerOnlineCpu) {
    auto source = makeCpuSource();
    auto sample = source->read();
    ASSERT_TRUE(sample.ok()) << sample.error().describe();
    EXPECT_EQ(sample->cores.size(), static_cast<std::size_t>(sysconf(_SC_NPROCESSORS_ONLN)));
    EXPECT_TRUE(sample->context_switches);
    EXPECT_TRUE(sample->load1);
}

TEST(LinuxProbes, BusyLoopingOneThreadRaisesUserTime) {
    auto source = makeCpuSource();
    auto before = source->read();
    ASSERT_TRUE(before.ok());
    std::atomic<bool> stop{false};
    std::thread spinner([&] {
        volatile std::uint64_t x = 0;
        while (!stop.load(std::memory_order_relaxed)) {
            x = x + 1;
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    stop = true;
    spinner.join();
    auto after = source->read();
    ASSERT_TRUE(after.ok());
    double user_before = 0, user_after = 0;
    for (const auto& core : before->cores)
        user_before += core.seconds[0];
    for (const auto& core : after->cores)
        user_after += core.seconds[0];
    // One second of spinning on one thread: at least half of it shows as user time.
    EXPECT_GE(user_after - user_before, 0.5);
}

}  // namespace sysmetrics
