#include <gtest/gtest.h>

#include <cstring>

#include "collectors/cpu.h"
#include "collectors/nt_layouts.h"
#include "tests/support/le_bytes.h"

namespace sysmetrics {

namespace {

using test::put;

const std::vector<std::string> kModes = {"user", "system", "idle", "iowait"};
const std::vector<std::string> kWindowsModes = {"user", "privileged", "idle", "dpc", "interrupt"};
const std::vector<std::string> kLinuxModes = {"user",   "nice", "system",  "idle",
                                              "iowait", "irq",  "softirq", "steal"};

// The values of kModes, in its order.
ModeValues times(const std::vector<double>& seconds) {
    ModeValues values;
    for (std::size_t i = 0; i < seconds.size(); i++) {
        values.push_back({kModes.at(i), seconds[i]});
    }
    return values;
}

CpuSample sampleWith(std::vector<std::pair<std::string, std::vector<double>>> cores) {
    CpuSample sample;
    for (auto& [id, seconds] : cores) {
        CoreTimes core;
        core.id = id;
        core.seconds = times(seconds);
        sample.cores.push_back(core);
    }
    return sample;
}

}  // namespace

TEST(CpuUsage, PercentPerModeFromTwoSamples) {
    auto usage = usageBetween(times({10, 10, 80, 0}), times({13, 11, 84, 2}));
    ASSERT_TRUE(usage);
    ASSERT_EQ(modeNames(usage->percent), kModes);
    EXPECT_DOUBLE_EQ(modeValue(usage->percent, "user"), 30.0);
    EXPECT_DOUBLE_EQ(modeValue(usage->percent, "system"), 10.0);
    EXPECT_DOUBLE_EQ(modeValue(usage->percent, "idle"), 40.0);
    EXPECT_DOUBLE_EQ(modeValue(usage->percent, "iowait"), 20.0);
    // iowait is idle time: busy is user + system.
    EXPECT_DOUBLE_EQ(usage->busy_percent, 40.0);
}

TEST(CpuUsage, ACounterGoingBackwardsOrNoElapsedTimeGivesNoUsage) {
    EXPECT_FALSE(usageBetween(times({10, 10, 80, 0}), times({9, 11, 84, 2})));  // reset or wrap
    EXPECT_FALSE(usageBetween(times({10, 10, 80, 0}), times({10, 10, 80, 0})));
    EXPECT_FALSE(usageBetween(times({10, 10, 80}), times({13, 11, 84, 2})));  // shape changed
}

TEST(CpuUsage, FirstSampleHasNoUsage) {
    const CpuSection section = cpuSectionFrom(nullptr, sampleWith({{"0", {1, 1, 1, 0}}}), 0);
    EXPECT_FALSE(section.total_usage);
    ASSERT_EQ(section.core_usage.size(), 1u);
    EXPECT_FALSE(section.core_usage[0]);
}

TEST(CpuUsage, ACpuGoingOfflineOrComingOnlineIsLeftOutOfThatInterval) {
    const CpuSample before = sampleWith({{"0", {0, 0, 10, 0}}, {"1", {0, 0, 10, 0}}});
    // CPU 1 went offline, CPU 2 came online.
    const CpuSection section =
        cpuSectionFrom(&before, sampleWith({{"0", {5, 0, 15, 0}}, {"2", {100, 0, 0, 0}}}), 10);
    ASSERT_EQ(section.core_usage.size(), 2u);
    ASSERT_TRUE(section.core_usage[0]);
    EXPECT_DOUBLE_EQ(section.core_usage[0]->busy_percent, 50.0);
    EXPECT_FALSE(section.core_usage[1]);
    // The total is computed from CPU 0 alone, not skewed by CPU 2's whole history.
    ASSERT_TRUE(section.total_usage);
    EXPECT_DOUBLE_EQ(section.total_usage->busy_percent, 50.0);
    EXPECT_DOUBLE_EQ(section.interval_seconds, 10.0);
}

TEST(CpuUsage, TotalIsTheSumOfCores) {
    const CpuSample before = sampleWith({{"0", {0, 0, 0, 0}}, {"1", {0, 0, 0, 0}}});
    const CpuSection section =
        cpuSectionFrom(&before, sampleWith({{"0", {10, 0, 0, 0}}, {"1", {0, 0, 10, 0}}}), 10);
    ASSERT_TRUE(section.total_usage);
    EXPECT_DOUBLE_EQ(section.total_usage->busy_percent, 50.0);
}

TEST(WindowsCpu, PrivilegedIsKernelLessIdleDpcAndInterrupt) {
    WindowsProcessorTimes raw;
    raw.idle = 60'000'000;     // 6 s in 100 ns units
    raw.kernel = 100'000'000;  // 10 s, idle included
    raw.user = 30'000'000;
    raw.dpc = 5'000'000;
    raw.interrupt = 10'000'000;
    raw.interrupt_count = 77;
    const CoreTimes core = coreTimesFromWindows("0,1", raw);
    ASSERT_EQ(modeNames(core.seconds), kWindowsModes);
    EXPECT_DOUBLE_EQ(modeValue(core.seconds, "user"), 3.0);
    EXPECT_DOUBLE_EQ(modeValue(core.seconds, "privileged"), 2.5);  // 10 - 6 - 0.5 - 1
    EXPECT_DOUBLE_EQ(modeValue(core.seconds, "idle"), 6.0);
    EXPECT_DOUBLE_EQ(modeValue(core.seconds, "dpc"), 0.5);
    EXPECT_DOUBLE_EQ(modeValue(core.seconds, "interrupt"), 1.0);
    EXPECT_EQ(core.interrupts, 77u);
    raw.kernel = 1;  // inconsistent reading: never negative
    EXPECT_DOUBLE_EQ(modeValue(coreTimesFromWindows("0,0", raw).seconds, "privileged"), 0.0);
}

TEST(WindowsCpu, CoreLabelsAreGroupCommaNumber) {
    EXPECT_EQ(windowsCoreLabel(0, 0), "0,0");
    EXPECT_EQ(windowsCoreLabel(1, 63), "1,63");
}

TEST(WindowsCpu, WrappingCounterCarriesAcross32Bits) {
    WrappingCounter counter;
    EXPECT_EQ(counter.update(4294967200u), 4294967200u);
    EXPECT_EQ(counter.update(4294967295u), 4294967295u);
    EXPECT_EQ(counter.update(10u), 4294967296u + 10u);
    EXPECT_EQ(counter.update(20u), 4294967296u + 20u);
}

TEST(NtLayouts, ProcessorPerformanceRecordsAre48Bytes) {
    std::vector<std::uint8_t> buffer;
    for (int cpu = 0; cpu < 2; cpu++) {
        const std::size_t base = cpu * kProcessorPerformanceSize;
        put<std::uint64_t>(buffer, base + 0x00, 100 + cpu);
        put<std::uint64_t>(buffer, base + 0x08, 200 + cpu);
        put<std::uint64_t>(buffer, base + 0x10, 300 + cpu);
        put<std::uint64_t>(buffer, base + 0x18, 400 + cpu);
        put<std::uint64_t>(buffer, base + 0x20, 500 + cpu);
        put<std::uint32_t>(buffer, base + 0x28, 600 + cpu);
        put<std::uint32_t>(buffer, base + 0x2C, 0);
    }
    buffer.push_back(0xFF);  // a partial trailing record is ignored
    const auto processors = parseProcessorPerformance(buffer.data(), buffer.size());
    ASSERT_EQ(processors.size(), 2u);
    EXPECT_EQ(processors[1].idle, 101u);
    EXPECT_EQ(processors[1].kernel, 201u);
    EXPECT_EQ(processors[1].user, 301u);
    EXPECT_EQ(processors[1].dpc, 401u);
    EXPECT_EQ(processors[1].interrupt, 501u);
    EXPECT_EQ(processors[1].interrupt_count, 601u);
    EXPECT_TRUE(parseProcessorPerformance(nullptr, 100).empty());
}

TEST(NtLayouts, SystemActivityOffsets) {
    std::vector<std::uint8_t> buffer(kPerformanceInformationSize + 0x20, 0);
    put<std::uint32_t>(buffer, 0x128, 123456);
    put<std::uint32_t>(buffer, 0x134, 789);
    const auto activity = parsePerformanceInformation(buffer.data(), buffer.size());
    ASSERT_TRUE(activity);
    EXPECT_EQ(activity->context_switches, 123456u);
    EXPECT_EQ(activity->system_calls, 789u);
    EXPECT_FALSE(parsePerformanceInformation(buffer.data(), 0x100));
    std::vector<std::uint8_t> exceptions(kExceptionInformationSize, 0);
    put<std::uint32_t>(exceptions, 4, 42);
    EXPECT_EQ(parseExceptionDispatches(exceptions.data(), exceptions.size()), 42u);
    std::vector<std::uint8_t> interrupts;
    put<std::uint32_t>(interrupts, 0, 5);
    put<std::uint32_t>(interrupts, 4, 9);
    put<std::uint32_t>(interrupts, 0x14, 0);
    const auto counts = parseInterruptInformation(interrupts.data(), interrupts.size());
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts[0].context_switches, 5u);
    EXPECT_EQ(counts[0].dpc_count, 9u);
}

TEST(LinuxCpu, ProcStatIsParsedIntoSecondsAndCounters) {
    const char* text =
        "cpu  400 20 300 10000 50 6 7 8 90 10\n"
        "cpu0 200 10 150 5000 25 3 4 4 45 5\n"
        "cpu1 200 10 150 5000 25 3 3 4 45 5\n"
        "intr 123456 1 2 3\n"
        "ctxt 987654\n"
        "btime 1700000000\n"
        "processes 4321\n"
        "procs_running 3\n"
        "procs_blocked 1\n";
    auto sample = cpuSampleFromProcStat(text, 100.0);
    ASSERT_TRUE(sample.ok());
    ASSERT_EQ(sample->cores.size(), 2u);  // the aggregate "cpu" line is not a core
    for (const auto& core : sample->cores) {
        EXPECT_EQ(modeNames(core.seconds), kLinuxModes) << core.id;
    }
    EXPECT_EQ(sample->cores[0].id, "0");
    EXPECT_DOUBLE_EQ(modeValue(sample->cores[0].seconds, "user"), 2.0);
    EXPECT_DOUBLE_EQ(modeValue(sample->cores[0].seconds, "idle"), 50.0);
    EXPECT_DOUBLE_EQ(modeValue(sample->cores[0].seconds, "steal"), 0.04);
    EXPECT_DOUBLE_EQ(*sample->cores[0].guest_seconds, 0.45);
    EXPECT_EQ(sample->context_switches, 987654u);
    EXPECT_EQ(sample->interrupts, 123456u);
    EXPECT_EQ(sample->processes_created, 4321u);
    EXPECT_EQ(sample->procs_running, 3u);
    EXPECT_EQ(sample->procs_blocked, 1u);
}

TEST(LinuxCpu, OldKernelsWithFewerColumnsAndGarbageAreHandled) {
    auto old = cpuSampleFromProcStat("cpu0 1 2 3 4\n", 100.0);
    ASSERT_TRUE(old.ok());
    EXPECT_EQ(modeNames(old->cores[0].seconds), kLinuxModes);
    EXPECT_DOUBLE_EQ(modeValue(old->cores[0].seconds, "iowait"), 0.0);
    EXPECT_FALSE(cpuSampleFromProcStat("nothing here\n", 100.0).ok());
    EXPECT_FALSE(cpuSampleFromProcStat("cpu0 1 2 3 4\n", 0).ok());
}

TEST(LinuxCpu, CoresAreOrderedNumerically) {
    auto sample = cpuSampleFromProcStat("cpu10 1 1 1 1\ncpu2 1 1 1 1\ncpu1 1 1 1 1\n", 100.0);
    ASSERT_TRUE(sample.ok());
    EXPECT_EQ(sample->cores[0].id, "1");
    EXPECT_EQ(sample->cores[1].id, "2");
    EXPECT_EQ(sample->cores[2].id, "10");
}

TEST(LinuxCpu, LoadavgAndCpuinfo) {
    CpuSample sample;
    EXPECT_TRUE(applyLoadavg("0.50 1.25 2.00 1/100 999\n", sample));
    EXPECT_DOUBLE_EQ(*sample.load5, 1.25);
    EXPECT_FALSE(applyLoadavg("x y\n", sample));
    const CpuInfo info = cpuInfoFromProcCpuinfo(
        "processor\t: 0\nmodel name\t: Test CPU @ 3.00GHz\nphysical id\t: 0\ncore id\t: 0\n\n"
        "processor\t: 1\nmodel name\t: Test CPU @ 3.00GHz\nphysical id\t: 0\ncore id\t: 0\n\n"
        "processor\t: 2\nmodel name\t: Test CPU @ 3.00GHz\nphysical id\t: 1\ncore id\t: 0\n\n");
    EXPECT_EQ(info.model_name, "Test CPU @ 3.00GHz");
    EXPECT_EQ(info.logical_processors, 3u);
    EXPECT_EQ(info.sockets, 2u);
    EXPECT_EQ(info.physical_cores, 2u);
}

}  // namespace sysmetrics
