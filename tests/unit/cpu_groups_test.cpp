// Windows audit W07 (per-group DPCs and frequencies), W12 (privileged as PDH defines it) and W29
// (derived mode times never step back), on buffers built to the documented layouts.
#include <gtest/gtest.h>

#include <cstring>

#include "collectors/cpu_groups.h"
#include "collectors/nt_layouts.h"
#include "tests/support/le_bytes.h"
#include "tests/support/processor_raw.h"

namespace sysmetrics {

namespace {

using test::put;

// Cores of a host with two processor groups of `per_group` processors, labelled as the times are.
std::vector<CoreTimes> twoGroupCores(std::uint32_t per_group) {
    std::vector<CoreTimes> cores;
    for (std::uint32_t group = 0; group < 2; group++) {
        for (std::uint32_t i = 0; i < per_group; i++) {
            CoreTimes core;
            core.id = windowsCoreLabel(group, i);
            cores.push_back(core);
        }
    }
    return cores;
}

// SYSTEM_INTERRUPT_INFORMATION as read in one group: DpcCount at 4 of each 0x18-byte entry.
std::vector<std::uint8_t> interruptBuffer(const std::vector<std::uint32_t>& dpcs) {
    std::vector<std::uint8_t> buffer(dpcs.size() * kInterruptInformationSize, 0);
    for (std::size_t i = 0; i < dpcs.size(); i++) {
        put<std::uint32_t>(buffer, i * kInterruptInformationSize + 4, dpcs[i]);
    }
    return buffer;
}

std::map<std::string, std::string> labelsOf(const std::vector<std::uint8_t>& buffer) {
    return numaCoreLabels(parseLogicalProcessorInformationEx(buffer.data(), buffer.size()));
}

}  // namespace

TEST(CpuGroups, DpcsOfEachGroupLandOnThatGroupsCores) {
    auto cores = twoGroupCores(2);
    std::map<std::string, WrappingCounter> counters;
    const auto group1 = interruptBuffer({700, 800});
    const auto group0 = interruptBuffer({100, 200});
    // Read in group 1 first: before the fix, entry i went to cores[i], i.e. group 0's labels.
    applyGroupDpcs(cores, 1, parseInterruptInformation(group1.data(), group1.size()), counters);
    applyGroupDpcs(cores, 0, parseInterruptInformation(group0.data(), group0.size()), counters);
    EXPECT_EQ(cores[0].dpcs, 100u);  // "0,0"
    EXPECT_EQ(cores[1].dpcs, 200u);  // "0,1"
    EXPECT_EQ(cores[2].dpcs, 700u);  // "1,0"
    EXPECT_EQ(cores[3].dpcs, 800u);  // "1,1"

    // The next cycle reads the groups in the other order: each core's counter only moves forward
    // (a per-index counter would have jumped by the other group's difference).
    const auto again0 = interruptBuffer({110, 210});
    const auto again1 = interruptBuffer({705, 0xFFFFFFFFu});
    applyGroupDpcs(cores, 0, parseInterruptInformation(again0.data(), again0.size()), counters);
    applyGroupDpcs(cores, 1, parseInterruptInformation(again1.data(), again1.size()), counters);
    EXPECT_EQ(cores[0].dpcs, 110u);
    EXPECT_EQ(cores[2].dpcs, 705u);
    EXPECT_EQ(cores[3].dpcs, 0xFFFFFFFFu);
    const auto wrapped1 = interruptBuffer({706, 4});  // "1,1" wrapped: 5 more
    applyGroupDpcs(cores, 1, parseInterruptInformation(wrapped1.data(), wrapped1.size()), counters);
    EXPECT_EQ(cores[3].dpcs, 0xFFFFFFFFull + 5);
}

TEST(CpuGroups, FrequenciesGoToTheProcessorNumberOfTheGroupTheyWereReadIn) {
    auto cores = twoGroupCores(2);
    // PROCESSOR_POWER_INFORMATION, 24 bytes: Number, MaxMhz, CurrentMhz, MhzLimit, idle states.
    std::vector<std::uint8_t> buffer;
    const std::uint32_t entries[][3] = {{1, 3000, 2100}, {0, 3000, 1800}};
    for (std::size_t i = 0; i < 2; i++) {
        for (std::size_t f = 0; f < 3; f++) {
            put<std::uint32_t>(buffer, i * kProcessorPowerInformationSize + f * 4, entries[i][f]);
        }
    }
    put<std::uint32_t>(buffer, 2 * kProcessorPowerInformationSize - 4, 0);  // full last entry
    const auto power = parseProcessorPowerInformation(buffer.data(), buffer.size());
    ASSERT_EQ(power.size(), 2u);
    applyGroupFrequencies(cores, 1, power);
    EXPECT_FALSE(cores[0].frequency_mhz);
    EXPECT_FALSE(cores[1].frequency_mhz);
    EXPECT_EQ(cores[2].frequency_mhz, 1800.0);  // "1,0"
    EXPECT_EQ(cores[3].frequency_mhz, 2100.0);  // "1,1"
}

TEST(CpuGroups, PrivilegedForPrometheusIncludesDpcAndInterruptAsPdhDoes) {
    WindowsProcessorTimes raw;
    raw.idle = 60'000'000;
    raw.kernel = 100'000'000;
    raw.user = 30'000'000;
    raw.dpc = 5'000'000;
    raw.interrupt = 10'000'000;
    const CoreTimes core = coreTimesFromWindows("0,0", raw);
    // PDH "% Privileged Time" = kernel - idle: 4 s, DPC and interrupt time included.
    EXPECT_DOUBLE_EQ(windowsExporterModeSeconds(core, "privileged"), 4.0);
    EXPECT_DOUBLE_EQ(windowsExporterModeSeconds(core, "user"), 3.0);  // as is
    EXPECT_DOUBLE_EQ(windowsExporterModeSeconds(core, "dpc"), 0.5);   // as is
    // The sample itself keeps the partition, so usage percentages still add up to 100.
    EXPECT_DOUBLE_EQ(modeValue(core.seconds, "privileged"), 2.5);
}

TEST(CpuGroups, DerivedPrivilegedTimeNeverStepsBack) {
    CoreTimesFloor floor;
    WindowsProcessorTimes raw;
    raw.idle = 60'000'000;
    raw.kernel = 100'000'000;
    raw.dpc = 5'000'000;
    raw.interrupt = 10'000'000;
    std::vector<CoreTimes> first = {coreTimesFromWindows("0,0", raw)};
    floor.apply(first);
    // Idle was read a moment after kernel: it ran ahead, and kernel - idle - ... dips by 0.2 s.
    raw.idle = 62'000'000;
    raw.kernel = 101'000'000;
    std::vector<CoreTimes> second = {coreTimesFromWindows("0,0", raw)};
    const auto privileged = [](const std::vector<CoreTimes>& cores) {
        return modeValue(cores[0].seconds, "privileged");
    };
    ASSERT_LT(privileged(second), privileged(first));  // what the raw reading gives
    floor.apply(second);
    EXPECT_DOUBLE_EQ(privileged(second), privileged(first));
    EXPECT_DOUBLE_EQ(modeValue(second[0].seconds, "idle"), 6.2);  // idle moves on
    // A core seen for the first time is taken as it is.
    std::vector<CoreTimes> other = {coreTimesFromWindows("1,0", WindowsProcessorTimes{})};
    floor.apply(other);
    EXPECT_DOUBLE_EQ(privileged(other), 0.0);
}

// Issue 21 item 4: windows_exporter labels cores with PDH's Processor Information instance,
// "<NUMA node>,<index in node>"; the NT calls number them per processor group.
TEST(CpuNuma, OneNodeNamesEachCoreAsItsGroupAndNumberDo) {
    std::vector<std::uint8_t> buffer;
    appendRecord(buffer, 0, 48);  // a RelationProcessorCore record, skipped
    appendNumaNode(buffer, 0, {{0, 0xF}}, 0);
    const auto labels = labelsOf(buffer);
    ASSERT_EQ(labels.size(), 4u);
    for (std::uint32_t i = 0; i < 4; i++) {
        EXPECT_EQ(labels.at(windowsCoreLabel(0, i)), windowsCoreLabel(0, i));
    }
}

TEST(CpuNuma, TwoNodesInOneGroupEachCountFromZero) {
    std::vector<std::uint8_t> buffer;
    appendNumaNode(buffer, 0, {{0, 0x0F}}, 0);
    appendNumaNode(buffer, 1, {{0, 0xF0}}, 0);
    const auto labels = labelsOf(buffer);
    ASSERT_EQ(labels.size(), 8u);
    EXPECT_EQ(labels.at("0,3"), "0,3");
    EXPECT_EQ(labels.at("0,4"), "1,0");  // group 0, number 4: node 1's first processor
    EXPECT_EQ(labels.at("0,7"), "1,3");
}

TEST(CpuNuma, TwoGroupsOfTwoNodesEach) {
    std::vector<std::uint8_t> buffer;
    appendNumaNode(buffer, 0, {{0, 0x0F}}, 1);  // GroupCount 1 (Windows 20H2 and later)
    appendNumaNode(buffer, 1, {{0, 0xF0}}, 1);
    appendRecord(buffer, 4, 80);  // a RelationGroup record, skipped
    appendNumaNode(buffer, 2, {{1, 0x0F}}, 1);
    appendNumaNode(buffer, 3, {{1, 0xA0}}, 1);  // only numbers 5 and 7 active
    const auto labels = labelsOf(buffer);
    ASSERT_EQ(labels.size(), 14u);
    EXPECT_EQ(labels.at("0,5"), "1,1");
    EXPECT_EQ(labels.at("1,0"), "2,0");
    EXPECT_EQ(labels.at("1,3"), "2,3");
    EXPECT_EQ(labels.at("1,5"), "3,0");
    EXPECT_EQ(labels.at("1,7"), "3,1");
    EXPECT_EQ(labels.count("1,6"), 0u);
}

TEST(CpuNuma, ANodeSpanningTwoGroupsNumbersOnAcrossThemInGroupOrder) {
    // RelationNumaNodeEx: one node of 72 processors, listed with its groups in any order.
    std::vector<std::uint8_t> buffer;
    appendNumaNode(buffer, 0, {{1, 0xFF}, {0, ~std::uint64_t{0}}}, 2,
                   ProcessorRelation::numa_node_ex);
    const auto labels = labelsOf(buffer);
    ASSERT_EQ(labels.size(), 72u);
    EXPECT_EQ(labels.at("0,63"), "0,63");
    EXPECT_EQ(labels.at("1,0"), "0,64");
    EXPECT_EQ(labels.at("1,7"), "0,71");
}

TEST(CpuNuma, BuffersThatDoNotHoldTogetherGiveWhatTheyHoldOrNothing) {
    std::vector<std::uint8_t> buffer;
    appendNumaNode(buffer, 0, {{0, 0x3}}, 0);
    std::vector<std::uint8_t> cut = buffer;
    appendNumaNode(cut, 1, {{0, 0xC}}, 0);
    cut.resize(cut.size() - 1);  // the second record runs past the end: left out
    EXPECT_EQ(labelsOf(cut).size(), 2u);
    std::vector<std::uint8_t> zero_size = buffer;
    appendRecord(zero_size, static_cast<std::uint32_t>(ProcessorRelation::numa_node), 80);
    put<std::uint32_t>(zero_size, buffer.size() + 4, 0);  // Size 0 would loop forever
    EXPECT_EQ(labelsOf(zero_size).size(), 2u);
    // GroupCount says 9 but the 80-byte record has room for 3 masks: only those are read.
    std::vector<std::uint8_t> overstated;
    appendNumaNode(overstated, 0, {{0, 0x3}}, 9);
    EXPECT_EQ(
        parseLogicalProcessorInformationEx(overstated.data(), overstated.size())[0].masks.size(),
        3u);
    // Two nodes claiming one processor: no labels rather than a guess.
    std::vector<std::uint8_t> twice = buffer;
    appendNumaNode(twice, 1, {{0, 0x2}}, 0);
    EXPECT_TRUE(labelsOf(twice).empty());
    EXPECT_TRUE(labelsOf({}).empty());
}

TEST(CpuNuma, CoresAreRenamedOnlyWhenEveryCoreHasAName) {
    std::vector<std::uint8_t> buffer;
    appendNumaNode(buffer, 0, {{0, 0x1}, {1, 0x1}}, 2, ProcessorRelation::numa_node_ex);
    appendNumaNode(buffer, 1, {{0, 0x2}, {1, 0x2}}, 2, ProcessorRelation::numa_node_ex);
    const auto labels = labelsOf(buffer);
    auto cores = twoGroupCores(2);
    ASSERT_TRUE(applyCoreLabels(cores, labels));
    EXPECT_EQ(cores[0].id, "0,0");  // group 0 number 0
    EXPECT_EQ(cores[1].id, "1,0");  // group 0 number 1
    EXPECT_EQ(cores[2].id, "0,1");  // group 1 number 0
    EXPECT_EQ(cores[3].id, "1,1");  // group 1 number 1
    auto more = twoGroupCores(3);   // a processor the layout does not know
    EXPECT_FALSE(applyCoreLabels(more, labels));
    EXPECT_EQ(more[1].id, "0,1");  // all keep their group names
    EXPECT_EQ(more[4].id, "1,1");
}

TEST(NtLayouts, BootTimeIsBootTimeLessSleepTimeBias) {
    std::vector<std::uint8_t> buffer(kTimeOfDayInformationSize, 0);
    constexpr std::int64_t kBoot = 133485408000000000LL;  // 2024-01-01 in FILETIME
    put<std::int64_t>(buffer, 0x00, kBoot);
    put<std::int64_t>(buffer, 0x08, kBoot + 36'000'000'000LL);  // CurrentTime, one hour later
    put<std::uint64_t>(buffer, 0x28, 600'000'000ULL);           // 60 s asleep
    EXPECT_EQ(parseBootTimeFiletime(buffer.data(), buffer.size()), kBoot - 600'000'000LL);
    EXPECT_FALSE(parseBootTimeFiletime(buffer.data(), 0x28));  // short: no SleepTimeBias
    put<std::int64_t>(buffer, 0x00, 0);
    EXPECT_FALSE(parseBootTimeFiletime(buffer.data(), buffer.size()));
}

}  // namespace sysmetrics
