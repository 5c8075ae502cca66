// The real Win32 probes, run under Wine in CI (and on Windows alike).
#include <windows.h>

#include <gtest/gtest.h>

#include "collectors/clock.h"
#include "collectors/memory.h"
#include "collectors/system.h"

namespace sysmetrics {

TEST(WindowsProbes, MemoryIsSane) {
    auto memory = readMemory();
    ASSERT_TRUE(memory.ok()) << memory.error().describe();
    EXPECT_GT(memory->physical_total_bytes, 0u);
    EXPECT_GT(memory->physical_available_bytes, 0u);
    EXPECT_LE(memory->physical_available_bytes, memory->physical_total_bytes);
    ASSERT_TRUE(memory->commit_limit_bytes);
    EXPECT_GE(*memory->commit_limit_bytes, memory->physical_total_bytes / 2);
    ASSERT_TRUE(memory->load_percent);
    EXPECT_LE(*memory->load_percent, 100u);
}

TEST(WindowsProbes, SystemIsSane) {
    auto system = readSystem();
    ASSERT_TRUE(system.ok()) << system.error().describe();
    EXPECT_FALSE(system->hostname.empty());
    EXPECT_EQ(system->os_family, "windows");
    EXPECT_GE(system->os_major, 6u);
    EXPECT_GT(system->os_build, 0u);
    EXPECT_FALSE(system->os_product.empty());
    EXPECT_LT(system->boot_time, wallSeconds());
    EXPECT_GT(system->boot_time, 1e9);
    SYSTEM_INFO info{};
    GetNativeSystemInfo(&info);
    EXPECT_EQ(system->logical_cpus, info.dwNumberOfProcessors);
    EXPECT_GE(system->processes, 1u);  // at least this test
    EXPECT_GE(system->threads, system->processes);
}

}  // namespace sysmetrics
