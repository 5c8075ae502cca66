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

#include <cstdio>

#include "collectors/cpu.h"

namespace sysmetrics {

TEST(WindowsProbes, CpuTimesFromNtOnePerLogicalCpuAndMonotonic) {
    auto source = makeCpuSource();
    auto first = source->read();
    ASSERT_TRUE(first.ok()) << first.error().describe();
    EXPECT_EQ(first->cores.size(), GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
    EXPECT_EQ(first->modes, kWindowsCpuModes);
    Sleep(300);
    auto second = source->read();
    ASSERT_TRUE(second.ok());
    ASSERT_EQ(second->cores.size(), first->cores.size());
    double elapsed = 0;
    for (std::size_t c = 0; c < first->cores.size(); c++) {
        EXPECT_EQ(second->cores[c].id, first->cores[c].id);
        for (std::size_t m = 0; m < first->modes.size(); m++) {
            EXPECT_GE(second->cores[c].seconds[m], first->cores[c].seconds[m])
                << "core " << first->cores[c].id << " mode " << first->modes[m];
            elapsed += second->cores[c].seconds[m] - first->cores[c].seconds[m];
        }
    }
    EXPECT_GT(elapsed, 0.0);
    EXPECT_FALSE(first->info.model_name.empty());
}

TEST(WindowsProbes, PdhCountersAreUsedWhereTheyExistAndReportedWhereNot) {
    auto source = makeCpuSource();
    ASSERT_TRUE(source->read().ok());
    Sleep(200);
    auto sample = source->read();
    ASSERT_TRUE(sample.ok());
    // Each PDH-only value is either present, or its absence is explained in the notes.
    const auto notes = source->notes();
    auto explained = [&](const char* counter) {
        for (const auto& note : notes) {
            if (note.find(counter) != std::string::npos || note.find("PDH unavailable") == 0) {
                return true;
            }
        }
        return false;
    };
    const struct {
        const char* counter;
        bool present;
    } checks[] = {{"% Processor Utility", sample->processor_utility_percent.has_value()},
                  {"% Processor Performance", sample->processor_performance_percent.has_value()},
                  {"Processor Queue Length", sample->processor_queue_length.has_value()}};
    for (const auto& check : checks) {
        std::printf("PDH %s: %s\n", check.counter, check.present ? "present" : "absent (fallback)");
        EXPECT_TRUE(check.present || explained(check.counter)) << check.counter;
    }
}

}  // namespace sysmetrics
