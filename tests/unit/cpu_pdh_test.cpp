// Issue 21 items 1 and 4: windows_exporter's cpu families from PDH "Processor Information" raw
// counters, on raw arrays built as PDH documents PDH_RAW_COUNTER for each counter type, and the
// join of PDH's instance names with the cores named from the NUMA layout.
#include <gtest/gtest.h>

#include "collectors/cpu_groups.h"
#include "collectors/cpu_pdh.h"
#include "http/prometheus/collector_metrics.h"
#include "tests/support/processor_raw.h"

namespace sysmetrics {

TEST(ProcessorInformation, EachCounterIsTakenAsWindowsExporterTakesIt) {
    ProcessorInformationReader reader;
    const auto cores =
        interpretRaw(reader, processorInformationArrays({"0,0", "0,1"}, 64'000'000, 90'000));
    ASSERT_EQ(cores.size(), 2u);
    const ProcessorInformationValues& v = cores.at("0,1");
    EXPECT_DOUBLE_EQ(*v.c1_seconds, 2.0);  // 100 ns timers: FirstValue x 1e-7
    EXPECT_DOUBLE_EQ(*v.c2_seconds, 4.0);
    EXPECT_DOUBLE_EQ(*v.c3_seconds, 1.0);
    EXPECT_EQ(*v.clock_interrupts, 2000.0);  // counts as they are, timestamps ignored
    EXPECT_EQ(*v.idle_break_events, 600.0);
    EXPECT_EQ(*v.parking_status, 1.0);
    EXPECT_EQ(*v.performance, 14000.0);  // PERF_AVERAGE_BULK: the numerator as it is
    EXPECT_EQ(*v.utility, 10000.0);
    EXPECT_EQ(*v.privileged_utility, 4000.0);
    EXPECT_EQ(*v.mperf, 0.0);  // the bases count from this reader's first reading
    EXPECT_EQ(*v.rtc, 0.0);
    EXPECT_EQ(*cores.at("0,0").parking_status, 0.0);
}

TEST(ProcessorInformation, TheMachinesAndEachNodesTotalsAreSkipped) {
    ProcessorInformationReader reader;
    const auto cores = interpretRaw(
        reader,
        processorInformationArrays({"_Total", "0,_Total", "0,0", "0,1", "1,_Total", "1,0"}, 0, 0));
    ASSERT_EQ(cores.size(), 3u);
    EXPECT_EQ(cores.count("0,0") + cores.count("0,1") + cores.count("1,0"), 3u);
    EXPECT_DOUBLE_EQ(*cores.at("1,0").c1_seconds, 6.0);  // its own row, not a total's
}

TEST(ProcessorInformation, RtcAndMperfSumTheLow32BitsOfTheBasesFromZero) {
    ProcessorInformationReader reader;
    // A base above 2^32: windows_exporter keeps uint32(SecondValue).
    const std::int64_t rtc0 = (std::int64_t{5} << 32) + 0xFFFF'0000;
    interpretRaw(reader, processorInformationArrays({"0,0"}, rtc0, 1'000));
    auto cores =
        interpretRaw(reader, processorInformationArrays({"0,0"}, rtc0 + 64'000'000, 1'500));
    EXPECT_EQ(*cores.at("0,0").rtc, 64'000'000.0);  // crossed a 2^32 boundary on the way
    EXPECT_EQ(*cores.at("0,0").mperf, 500.0);
    // A core first seen later starts from 0 too; the first keeps its sum.
    cores =
        interpretRaw(reader, processorInformationArrays({"0,0", "0,1"}, rtc0 + 128'000'000, 2'000));
    EXPECT_EQ(*cores.at("0,0").rtc, 128'000'000.0);
    EXPECT_EQ(*cores.at("0,1").rtc, 0.0);
    // A base that steps back (a reset) counts as a wrap, as uint32 arithmetic has it.
    cores =
        interpretRaw(reader, processorInformationArrays({"0,0", "0,1"}, rtc0 + 128'000'000, 1'999));
    EXPECT_EQ(*cores.at("0,0").mperf, 1000.0 + 4294967295.0);
}

TEST(ProcessorInformation, CountersThisMachineLacksLeaveTheirValuesAbsent) {
    ProcessorInformationReader reader;
    auto raw = processorInformationArrays({"0,0"}, 1, 1);
    raw.samples.erase("% C3 Time");            // not on this machine
    raw.samples.erase("% Processor Utility");  // takes rtc with it
    raw.types.erase("Parking Status");         // PDH did not say the type
    const auto v = interpretRaw(reader, raw).at("0,0");
    EXPECT_FALSE(v.c3_seconds);
    EXPECT_FALSE(v.utility);
    EXPECT_FALSE(v.rtc);
    EXPECT_FALSE(v.parking_status);
    EXPECT_TRUE(v.c1_seconds);
    EXPECT_TRUE(v.mperf);
    EXPECT_TRUE(reader.interpret({}, {}).empty());
}

TEST(ProcessorInformation, ATimerTypedCounterGivesSecondsAndNoBase) {
    // Should a Windows type "% Processor Utility" as a 100 ns timer, it is read as one: its
    // SecondValue is then a timestamp, not a base, and no rtc is made of it.
    ProcessorInformationReader reader;
    auto raw = processorInformationArrays({"0,0"}, 64'000'000, 1);
    raw.types["% Processor Utility"] = kPerf100NsecTimer;
    const auto v = interpretRaw(reader, raw).at("0,0");
    EXPECT_DOUBLE_EQ(*v.utility, 5000 * 1e-7);
    EXPECT_FALSE(v.rtc);
}

TEST(ProcessorInformation, PdhInstanceNamesJoinTheCoresNamedFromTheNumaLayout) {
    // Two NUMA nodes in one group of 8: NT numbers the cores 0..7 in group 0, PDH names them
    // 0,0..0,3 and 1,0..1,3.
    std::vector<ProcessorRelationEntry> nodes(2);
    for (std::uint32_t node = 0; node < 2; node++) {
        nodes[node].relation = ProcessorRelation::numa_node;
        nodes[node].numa_node = node;
        nodes[node].masks = {{0, node == 0 ? 0x0Fu : 0xF0u}};
    }
    std::vector<CoreTimes> cores;
    for (std::uint32_t i = 0; i < 8; i++) {
        CoreTimes core;
        core.id = windowsCoreLabel(0, i);
        core.dpcs = i;  // what NT said of processor number i
        cores.push_back(core);
    }
    ASSERT_TRUE(applyCoreLabels(cores, numaCoreLabels(nodes)));
    // PDH's rows, Clock Interrupts/sec = 1000 x (number in the group) + 1 for each instance.
    ProcessorInformationRaw raw;
    raw.types["Clock Interrupts/sec"] = kCounterCounter;
    auto& rows = raw.samples["Clock Interrupts/sec"];
    for (std::uint32_t node = 0; node < 2; node++) {
        for (std::uint32_t index = 0; index < 4; index++) {
            const std::int64_t number = node * 4 + index;
            rows.push_back(
                {std::to_string(node) + "," + std::to_string(index), 1000 * number + 1, 0});
        }
        rows.push_back({std::to_string(node) + ",_Total", 7, 0});
    }
    rows.push_back({"2,0", 5, 0});  // a node NT does not show
    ProcessorInformationReader reader;
    const auto unmatched = joinProcessorInformation(cores, interpretRaw(reader, raw));
    EXPECT_EQ(unmatched, std::vector<std::string>{"2,0"});
    for (const auto& core : cores) {
        ASSERT_TRUE(core.processor_information) << core.id;
        // The PDH row a core got is the one of its own processor number.
        EXPECT_EQ(*core.processor_information->clock_interrupts, 1000.0 * *core.dpcs + 1)
            << core.id;
    }
    EXPECT_EQ(cores[5].id, "1,1");
}

TEST(ProcessorInformation, FamiliesHaveWindowsExporterNamesTypesAndLabels) {
    CpuSection section;
    for (const char* id : {"0,0", "1,0"}) {
        CoreTimes core;
        core.id = id;
        core.seconds = {{"user", 1}, {"privileged", 1}, {"idle", 1}, {"dpc", 1}, {"interrupt", 1}};
        section.sample.cores.push_back(core);
    }
    ProcessorInformationReader reader;
    joinProcessorInformation(
        section.sample.cores,
        interpretRaw(reader, processorInformationArrays({"0,0", "1,0"}, 100, 200)));
    FamilyList families;
    appendCpuMetrics(section, RenderContext(MetricNaming::windows), families);
    const struct {
        const char* name;
        MetricKind kind;
    } expected[] = {
        {"windows_cpu_cstate_seconds_total", MetricKind::counter},
        {"windows_cpu_clock_interrupts_total", MetricKind::counter},
        {"windows_cpu_idle_break_events_total", MetricKind::counter},
        {"windows_cpu_parking_status", MetricKind::gauge},
        {"windows_cpu_processor_performance_total", MetricKind::counter},
        {"windows_cpu_processor_mperf_total", MetricKind::counter},
        {"windows_cpu_processor_rtc_total", MetricKind::counter},
        {"windows_cpu_processor_utility_total", MetricKind::counter},
        {"windows_cpu_processor_privileged_utility_total", MetricKind::counter},
    };
    for (const auto& family : expected) {
        const TextFamily* found = families.find(family.name);
        ASSERT_NE(found, nullptr) << family.name;
        EXPECT_EQ(found->kind, family.kind) << family.name;
    }
    const TextFamily* logical = families.find("windows_cpu_logical_processor");
    ASSERT_NE(logical, nullptr);
    EXPECT_EQ(logical->kind, MetricKind::gauge);
    EXPECT_EQ(logical->samples, "windows_cpu_logical_processor 2\n");
    EXPECT_EQ(families.find("windows_cpu_cstate_seconds_total")->samples,
              "windows_cpu_cstate_seconds_total{core=\"0,0\",state=\"c1\"} 1\n"
              "windows_cpu_cstate_seconds_total{core=\"0,0\",state=\"c2\"} 2\n"
              "windows_cpu_cstate_seconds_total{core=\"0,0\",state=\"c3\"} 0.5\n"
              "windows_cpu_cstate_seconds_total{core=\"1,0\",state=\"c1\"} 2\n"
              "windows_cpu_cstate_seconds_total{core=\"1,0\",state=\"c2\"} 4\n"
              "windows_cpu_cstate_seconds_total{core=\"1,0\",state=\"c3\"} 1\n");
    EXPECT_EQ(families.find("windows_cpu_processor_utility_total")->samples,
              "windows_cpu_processor_utility_total{core=\"0,0\"} 5000\n"
              "windows_cpu_processor_utility_total{core=\"1,0\"} 10000\n");
    EXPECT_EQ(families.find("windows_cpu_parking_status")->samples,
              "windows_cpu_parking_status{core=\"0,0\"} 0\n"
              "windows_cpu_parking_status{core=\"1,0\"} 1\n");
    EXPECT_EQ(families.find("windows_cpu_processor_rtc_total")->samples,
              "windows_cpu_processor_rtc_total{core=\"0,0\"} 0\n"
              "windows_cpu_processor_rtc_total{core=\"1,0\"} 0\n");

    // Without PDH (Wine): the NT families stay, these are absent, not zeros.
    CpuSection bare = section;
    for (auto& core : bare.sample.cores) {
        core.processor_information.reset();
    }
    FamilyList without;
    appendCpuMetrics(bare, RenderContext(MetricNaming::windows), without);
    for (const auto& family : expected) {
        EXPECT_EQ(without.find(family.name), nullptr) << family.name;
    }
    EXPECT_NE(without.find("windows_cpu_time_total"), nullptr);
    EXPECT_NE(without.find("windows_cpu_logical_processor"), nullptr);
}

}  // namespace sysmetrics
