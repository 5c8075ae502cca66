// The performancecounter collector: its interpretation of PDH answers through a fake PdhQuery
// (instance expansion, naming, raw vs formatted, error paths Wine cannot produce), then the
// real PDH under Wine with the few counters it has.
#include <windows.h>
#include <pdhmsg.h>
#include <winperf.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cwchar>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/windows/perfcounter_probe.h"
#include "collectors/windows/processor_information.h"
#include "tests/common/eventually.h"
#include "tests/windows/fake_pdh.h"

namespace sysmetrics::win {

namespace {

// A counter named as the configuration names it (config/performancecounter_settings.h).
PerfCounterSpec counter(const std::string& name, const std::string& gauge_metric,
                        const std::string& counter_metric) {
    return PerfCounterSpec{name, gauge_metric, counter_metric, std::nullopt};
}

PerfObjectSpec iisObject() {
    PerfObjectSpec object;
    object.object = "Web Service";
    object.instances = {"*"};
    object.labels = {{"role", "frontend"}};
    object.counters = {
        counter("Current Connections", "windows_performancecounter_iis_current_connections",
                "windows_performancecounter_iis_current_connections_total"),
        counter("Bytes Sent/sec", "windows_performancecounter_iis_bytes_sent_sec",
                "windows_performancecounter_iis_bytes_sent_total")};
    return object;
}

void resetFake() {
    g_fake.clear();
    g_added.clear();
    g_collect_status = ERROR_SUCCESS;
    g_fake[L"\\Web Service(*)\\Current Connections"] =
        FakeCounter{ERROR_SUCCESS,
                    PERF_COUNTER_RAWCOUNT,
                    {{item(L"_Total", 0, 5), item(L"Default Web Site", 0, 3), item(L"api", 0, 2)},
                     {item(L"_Total", 0, 6), item(L"Default Web Site", 0, 3), item(L"api", 0, 2),
                      item(L"api", 0, 1)}},
                    ERROR_SUCCESS};
    g_fake[L"\\Web Service(*)\\Bytes Sent/sec"] =
        FakeCounter{ERROR_SUCCESS,
                    PERF_COUNTER_BULK_COUNT,
                    {{item(L"_Total", 1000, 0), item(L"Default Web Site", 1000, 0)}},
                    ERROR_SUCCESS};
}

const PerformanceCounterSection& collectOnce(PerfCounterCollector& collector, SectionPtr& keep) {
    auto result = collector.collect();
    EXPECT_TRUE(result.ok());
    keep = result.value();
    return dynamic_cast<const PerformanceCounterSection&>(*keep);
}

std::vector<std::string> instancesOf(const PerformanceCounterSection& section,
                                     const std::string& metric) {
    std::vector<std::string> out;
    for (const auto& value : section.values) {
        if (value.metric == metric) {
            out.push_back(value.labels.front().second);
        }
    }
    return out;
}

}  // namespace

TEST(PerfCounter, OneQueryPerObjectWildcardInstancesExpandedEachCycle) {
    resetFake();
    PerfObjectSpecs config = {iisObject()};
    PerfCounterCollector collector(config, &openFake);
    EXPECT_TRUE(collector.notes().empty());
    SectionPtr keep;
    const auto& first = collectOnce(collector, keep);
    EXPECT_EQ(instancesOf(first, "windows_performancecounter_iis_current_connections"),
              (std::vector<std::string>{"_Total", "Default Web Site", "api"}));
    // A new instance (PDH repeats the name) appears on the next cycle, numbered.
    const auto& second = collectOnce(collector, keep);
    EXPECT_EQ(instancesOf(second, "windows_performancecounter_iis_current_connections"),
              (std::vector<std::string>{"_Total", "Default Web Site", "api", "api#1"}));
    const auto& total = second.values.front();
    EXPECT_EQ(total.labels, (std::vector<std::pair<std::string, std::string>>{
                                {"instance", "_Total"}, {"role", "frontend"}}));
    EXPECT_FALSE(total.is_counter);
    EXPECT_EQ(total.value, 6);
}

TEST(PerfCounter, RateCountersAreRawPrometheusCountersUnlessFormatted) {
    resetFake();
    PerfObjectSpecs config = {iisObject()};
    {
        PerfCounterCollector collector(config, &openFake);
        SectionPtr keep;
        const auto& section = collectOnce(collector, keep);
        bool found = false;
        for (const auto& value : section.values) {
            if (value.metric == "windows_performancecounter_iis_bytes_sent_total") {
                found = true;
                EXPECT_TRUE(value.is_counter);
                EXPECT_EQ(value.value, 1000);  // the raw cumulative count
            }
        }
        EXPECT_TRUE(found);
    }
    config[0].formatted = true;
    PerfCounterCollector collector(config, &openFake);
    SectionPtr keep;
    const auto& section = collectOnce(collector, keep);
    EXPECT_EQ(instancesOf(section, "windows_performancecounter_iis_bytes_sent_sec").size(), 2u);
}

TEST(PerfCounter, ExportChoiceFollowsThePdhCounterType) {
    EXPECT_TRUE(perfExportFor(PERF_COUNTER_COUNTER, false).use_raw);
    EXPECT_TRUE(perfExportFor(PERF_COUNTER_BULK_COUNT, false).use_raw);
    const PerfExport timer = perfExportFor(PERF_100NSEC_TIMER, false);
    EXPECT_TRUE(timer.use_raw);
    EXPECT_DOUBLE_EQ(timer.raw_scale, 1e-7);  // 100 ns ticks -> seconds
    EXPECT_FALSE(perfExportFor(PERF_100NSEC_TIMER_INV, false).use_raw);
    EXPECT_FALSE(perfExportFor(PERF_COUNTER_RAWCOUNT, false).use_raw);
    EXPECT_FALSE(perfExportFor(PERF_RAW_FRACTION, false).use_raw);
    EXPECT_FALSE(perfExportFor(PERF_ELAPSED_TIME, false).use_raw);
    EXPECT_FALSE(perfExportFor(PERF_COUNTER_COUNTER, true).use_raw);
}

TEST(PerfCounter, ConfiguredNameAndTypeWin) {
    resetFake();
    PerfObjectSpecs config = {iisObject()};
    config[0].counters = {
        PerfCounterSpec{"Current Connections", "iis_gauge", "iis_connections", true}};
    config[0].instances = {"_Total"};
    g_fake[L"\\Web Service(_Total)\\Current Connections"] =
        FakeCounter{ERROR_SUCCESS, PERF_COUNTER_RAWCOUNT, {{item(L"", 0, 9)}}, ERROR_SUCCESS};
    PerfCounterCollector collector(config, &openFake);
    SectionPtr keep;
    const auto& section = collectOnce(collector, keep);
    ASSERT_EQ(section.values.size(), 1u);
    EXPECT_EQ(section.values[0].metric, "iis_connections");
    EXPECT_TRUE(section.values[0].is_counter);
    EXPECT_EQ(section.values[0].labels.front().second, "_Total");  // the configured instance
    EXPECT_EQ(section.values[0].value, 9);
}

TEST(PerfCounter, MissingCountersAreNotesAndCheckNamesTheFirst) {
    resetFake();
    g_fake[L"\\Web Service(*)\\Bytes Sent/sec"].add_status =
        static_cast<PDH_STATUS>(PDH_CSTATUS_NO_COUNTER);
    PerfObjectSpecs config = {iisObject()};
    EXPECT_EQ(checkPerfCounters(config, &openFake).error().message,
              "collectors.performancecounter.objects[0]: counter 'Bytes Sent/sec' of object "
              "'Web Service' does not exist on this machine (PDH_CSTATUS_NO_COUNTER)");
    PerfCounterCollector collector(config, &openFake);
    ASSERT_EQ(collector.notes().size(), 1u);
    EXPECT_NE(collector.notes()[0].find("Bytes Sent/sec"), std::string::npos);
    SectionPtr keep;
    EXPECT_EQ(collectOnce(collector, keep).values.size(), 3u);  // the other counter still works

    PerfObjectSpecs unknown = {iisObject()};
    unknown[0].object = "Web Servic";
    EXPECT_EQ(checkPerfCounters(unknown, &openFake).error().message,
              "collectors.performancecounter.objects[0]: performance counter object 'Web Servic' "
              "does not exist on this machine (PDH_CSTATUS_NO_OBJECT)");
}

TEST(PerfCounter, ACounterThatDisappearsAtRunTimeIsANoteNotAFailure) {
    resetFake();
    PerfObjectSpecs config = {iisObject()};
    PerfCounterCollector collector(config, &openFake);
    g_fake[L"\\Web Service(*)\\Current Connections"].read_status =
        static_cast<PDH_STATUS>(PDH_CSTATUS_NO_INSTANCE);
    SectionPtr keep;
    const auto& section = collectOnce(collector, keep);
    EXPECT_EQ(section.values.size(), 2u);  // Bytes Sent/sec only
    ASSERT_EQ(collector.notes().size(), 1u);
    EXPECT_NE(collector.notes()[0].find("Current Connections: no value this cycle"),
              std::string::npos);
    g_collect_status = static_cast<PDH_STATUS>(PDH_NO_DATA);
    const auto& nothing = collectOnce(collector, keep);
    EXPECT_TRUE(nothing.values.empty());
    EXPECT_NE(collector.notes()[0].find("PdhCollectQueryData failed"), std::string::npos);
}

// The cpu collector's PDH Processor Information reading through the same fake: what a machine
// lacks is one note per counter naming its families, or one for the whole object; rows of an
// invalid status, totals and instances no core has stay out.
TEST(ProcessorInformationPdh, MissingCountersAreNotesAndRowsJoinTheirCores) {
    resetFake();
    const std::wstring prefix = L"\\Processor Information(*)\\";
    g_fake[prefix + L"% C1 Time"] =
        FakeCounter{ERROR_SUCCESS,
                    PERF_100NSEC_TIMER,
                    {{PdhItem{L"_Total", PDH_CSTATUS_VALID_DATA, 90'000'000, 1, 0},
                      PdhItem{L"0,_Total", PDH_CSTATUS_VALID_DATA, 90'000'000, 1, 0},
                      PdhItem{L"0,0", PDH_CSTATUS_VALID_DATA, 20'000'000, 1, 0},
                      PdhItem{L"0,1", PDH_CSTATUS_INVALID_DATA, 30'000'000, 1, 0},
                      PdhItem{L"7,0", PDH_CSTATUS_VALID_DATA, 40'000'000, 1, 0}}},
                    ERROR_SUCCESS};
    g_fake[prefix + L"% Processor Utility"] =
        FakeCounter{ERROR_SUCCESS,
                    PERF_AVERAGE_BULK,
                    {{PdhItem{L"0,0", PDH_CSTATUS_VALID_DATA, 500, 64'000'000, 0},
                      PdhItem{L"0,1", PDH_CSTATUS_VALID_DATA, 700, 64'000'000, 0}},
                     {PdhItem{L"0,0", PDH_CSTATUS_VALID_DATA, 900, 128'000'000, 0},
                      PdhItem{L"0,1", PDH_CSTATUS_VALID_DATA, 800, 128'000'000, 0}}},
                    ERROR_SUCCESS};
    ProcessorInformationProbe probe(&openFake);
    auto pdhNotes = [&] {
        std::vector<std::string> found;
        for (const auto& note : probe.notes()) {
            if (note.rfind("PDH", 0) == 0) {
                found.push_back(note);
            }
        }
        return found;
    };
    const auto setup = pdhNotes();
    ASSERT_EQ(setup.size(), 7u);  // nine counters, two present
    EXPECT_EQ(setup[0],
              "PDH counter \\Processor Information(*)\\% C2 Time unavailable "
              "(PDH_CSTATUS_NO_OBJECT): windows_cpu_cstate_seconds_total{state=\"c2\"} not "
              "exported");
    std::vector<CoreTimes> cores(2);
    cores[0].id = "0,0";
    cores[1].id = "0,1";
    probe.read(cores);
    ASSERT_TRUE(cores[0].processor_information);
    EXPECT_DOUBLE_EQ(*cores[0].processor_information->c1_seconds, 2.0);
    EXPECT_EQ(*cores[0].processor_information->utility, 500.0);
    EXPECT_EQ(*cores[0].processor_information->rtc, 0.0);
    ASSERT_TRUE(cores[1].processor_information);
    EXPECT_FALSE(cores[1].processor_information->c1_seconds);  // its row was not valid
    EXPECT_FALSE(cores[0].processor_information->clock_interrupts);
    const auto cycle = pdhNotes();
    ASSERT_EQ(cycle.size(), 8u);
    EXPECT_NE(cycle.back().find("instances 7,0 match no processor"), std::string::npos)
        << cycle.back();
    cores[0].processor_information.reset();
    probe.read(cores);
    EXPECT_EQ(*cores[0].processor_information->rtc, 64'000'000.0);
    EXPECT_EQ(*cores[0].processor_information->utility, 900.0);

    // No counter of the object at all: one note naming every family.
    g_fake.clear();
    ProcessorInformationProbe none(&openFake);
    std::vector<std::string> object_notes;
    for (const auto& note : none.notes()) {
        if (note.rfind("PDH", 0) == 0) {
            object_notes.push_back(note);
        }
    }
    ASSERT_EQ(object_notes.size(), 1u);
    EXPECT_EQ(object_notes[0].rfind("PDH has no Processor Information object here "
                                    "(PDH_CSTATUS_NO_OBJECT): windows_cpu_cstate_seconds_total",
                                    0),
              0u)
        << object_notes[0];
    EXPECT_NE(object_notes[0].find("windows_cpu_processor_privileged_utility_total"),
              std::string::npos);
    std::vector<CoreTimes> untouched(1);
    none.read(untouched);
    EXPECT_FALSE(untouched[0].processor_information);
}

TEST(PerfCounter, AFormattedRateCounterHasNoValueBeforeItsSecondSample) {
    // PdhGetFormattedCounterValue/Array compute a rate from two collections: after the first,
    // the item's CStatus is PDH_CSTATUS_INVALID_DATA (or the call returns PDH_INVALID_DATA).
    resetFake();
    PdhItem not_yet = item(L"_Total", 0, 0);
    not_yet.cstatus = PDH_CSTATUS_INVALID_DATA;
    g_fake[L"\\Web Service(*)\\Bytes Sent/sec"].cycles = {{not_yet}, {item(L"_Total", 0, 2048.5)}};
    PerfObjectSpecs config = {iisObject()};
    config[0].formatted = true;
    config[0].counters.erase(config[0].counters.begin());
    PerfCounterCollector collector(config, &openFake);
    SectionPtr keep;
    EXPECT_TRUE(collectOnce(collector, keep).values.empty());
    EXPECT_TRUE(collector.notes().empty());  // expected, not worth a note
    const auto& second = collectOnce(collector, keep);
    ASSERT_EQ(second.values.size(), 1u);
    EXPECT_EQ(second.values[0].metric, "windows_performancecounter_iis_bytes_sent_sec");
    EXPECT_FALSE(second.values[0].is_counter);
    EXPECT_EQ(second.values[0].value, 2048.5);

    g_fake[L"\\Web Service(*)\\Bytes Sent/sec"].read_status =
        static_cast<PDH_STATUS>(PDH_INVALID_DATA);
    EXPECT_TRUE(collectOnce(collector, keep).values.empty());
    EXPECT_TRUE(collector.notes().empty());
}

// The arrays PdhGetFormattedCounterArrayW and PdhGetRawCounterArrayW fill, built to their
// documented layout: the items, then the instance names they point to, in one buffer.
TEST(PerfCounterPdhLayout, FormattedItemsAreTheUnionsDoubleAndRawItemsTheirFirstValue) {
    struct FormattedBuffer {
        PDH_FMT_COUNTERVALUE_ITEM_W items[2];
        wchar_t names[2][8];
    } formatted{};
    wcscpy(formatted.names[0], L"_Total");
    wcscpy(formatted.names[1], L"0");
    formatted.items[0].szName = formatted.names[0];
    formatted.items[0].FmtValue.CStatus = PDH_CSTATUS_VALID_DATA;
    formatted.items[0].FmtValue.doubleValue = 12.75;
    formatted.items[1].szName = formatted.names[1];
    formatted.items[1].FmtValue.CStatus = PDH_CSTATUS_NEW_DATA;
    formatted.items[1].FmtValue.doubleValue = 1e-3;
    std::vector<PdhItem> items;
    appendFormattedItems(formatted.items, 2, items);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].instance, L"_Total");
    EXPECT_EQ(items[0].cstatus, static_cast<DWORD>(PDH_CSTATUS_VALID_DATA));
    EXPECT_EQ(items[0].formatted, 12.75);
    EXPECT_EQ(items[1].instance, L"0");
    EXPECT_EQ(items[1].formatted, 1e-3);

    struct RawBuffer {
        PDH_RAW_COUNTER_ITEM_W items[1];
        wchar_t name[8];
    } raw{};
    wcscpy(raw.name, L"C:");
    raw.items[0].szName = raw.name;
    raw.items[0].RawValue.CStatus = PDH_CSTATUS_VALID_DATA;
    raw.items[0].RawValue.FirstValue = 123456789012LL;  // the cumulative count
    raw.items[0].RawValue.SecondValue = 987654321LL;    // the time base of a rate
    items.clear();
    appendRawItems(raw.items, 1, items);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].instance, L"C:");
    EXPECT_EQ(items[0].first, 123456789012LL);
    EXPECT_EQ(items[0].second, 987654321LL);
}

// The real PDH (Wine has two counters: \Processor(_Total)\% Processor Time and
// \System\System Up Time). Only what Windows documents is asserted: Wine's PDH formats
// PDH_FMT_DOUBLE from a union member its sources never write (docs/metrics.md), so its
// magnitudes say nothing about ours.
TEST(PerfCounterRealPdh, KnownCountersPassTheCheckAndUnknownOnesAreNamed) {
    PerfObjectSpec processor;
    processor.object = "Processor";
    processor.instances = {"_Total"};
    processor.counters = {counter("% Processor Time",
                                  "windows_performancecounter_processor_processor_time",
                                  "windows_performancecounter_processor_processor_time_total")};
    PerfObjectSpec system;
    system.object = "System";
    system.counters = {counter("System Up Time", "windows_performancecounter_system_system_up_time",
                               "windows_performancecounter_system_system_up_time_total")};
    const PerfObjectSpecs config = {processor, system};
    // Validation adds the wildcard instance; Wine's PDH does not expand it, Windows does.
    EXPECT_TRUE(checkPerfCounters({system}, &openPdhQuery).ok());

    PerfObjectSpec bogus;
    bogus.object = "No Such Object";
    bogus.counters = {counter("Nothing", "bogus", "bogus_total")};
    const auto checked = checkPerfCounters({bogus}, &openPdhQuery);
    ASSERT_FALSE(checked.ok());
    const std::string& error = checked.error().message;
    EXPECT_NE(error.find("collectors.performancecounter.objects[0]: "), std::string::npos) << error;
    EXPECT_NE(error.find("'No Such Object'"), std::string::npos) << error;

    // System Up Time is PERF_ELAPSED_TIME: not a rate, so a gauge from PDH's formatted value.
    PDH_STATUS opened = ERROR_SUCCESS;
    auto query = openPdhQuery(opened);
    ASSERT_NE(query, nullptr) << pdhStatusName(opened);
    std::size_t index = 0;
    ASSERT_EQ(query->add(L"\\System\\System Up Time", index), ERROR_SUCCESS);
    DWORD type = 0;
    ASSERT_EQ(query->counterType(index, type), ERROR_SUCCESS);
    EXPECT_EQ(type, static_cast<DWORD>(PERF_ELAPSED_TIME));
    EXPECT_FALSE(perfExportFor(type, false).use_raw);

    PerfCounterCollector collector(config, &openPdhQuery);
    EXPECT_TRUE(collector.notes().empty()) << collector.notes().front();
    // Rate counters need a second collection before PDH formats them.
    std::map<std::string, PerfCounterValue> values;
    EXPECT_TRUE(test::eventually(
        [&] {
            auto collected = collector.collect();
            if (!collected.ok()) {
                return false;
            }
            for (const auto& value :
                 dynamic_cast<const PerformanceCounterSection&>(*collected.value()).values) {
                values[value.metric] = value;
            }
            return values.size() == 2;
        },
        std::chrono::seconds(30), std::chrono::milliseconds(200)));
    const auto uptime = values.find("windows_performancecounter_system_system_up_time");
    ASSERT_NE(uptime, values.end());
    EXPECT_FALSE(uptime->second.is_counter);
    EXPECT_TRUE(uptime->second.labels.empty());  // a single-instance object
    EXPECT_TRUE(std::isfinite(uptime->second.value));
    const auto busy = values.find("windows_performancecounter_processor_processor_time");
    ASSERT_NE(busy, values.end());
    EXPECT_EQ(busy->second.labels,
              (std::vector<std::pair<std::string, std::string>>{{"instance", "_Total"}}));
    EXPECT_TRUE(std::isfinite(busy->second.value));
}

}  // namespace sysmetrics::win
