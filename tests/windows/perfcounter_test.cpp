// The performancecounter collector: its interpretation of PDH answers through a fake PdhQuery
// (instance expansion, naming, raw vs formatted, error paths Wine cannot produce), then the
// real PDH under Wine with the few counters it has.
#include <windows.h>
#include <pdhmsg.h>
#include <winperf.h>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/windows/perfcounter_probe.h"

namespace sysmetrics::win {

namespace {

// What the fake PDH answers, by English counter path. `cycles[n]` is the answer of collection n
// (the last one repeats).
struct FakeCounter {
    PDH_STATUS add_status = ERROR_SUCCESS;
    DWORD type = PERF_COUNTER_RAWCOUNT;
    std::vector<std::vector<PdhItem>> cycles;
    PDH_STATUS read_status = ERROR_SUCCESS;
};

std::map<std::wstring, FakeCounter> g_fake;
PDH_STATUS g_collect_status = ERROR_SUCCESS;
std::vector<std::wstring> g_added;

class FakeQuery : public PdhQuery {
public:
    PDH_STATUS add(const std::wstring& path, std::size_t& index) override {
        g_added.push_back(path);
        auto it = g_fake.find(path);
        if (it == g_fake.end()) {
            return static_cast<PDH_STATUS>(PDH_CSTATUS_NO_OBJECT);
        }
        if (it->second.add_status != ERROR_SUCCESS) {
            return it->second.add_status;
        }
        index = paths_.size();
        paths_.push_back(path);
        return ERROR_SUCCESS;
    }
    PDH_STATUS counterType(std::size_t index, DWORD& type) override {
        type = g_fake[paths_[index]].type;
        return ERROR_SUCCESS;
    }
    PDH_STATUS collect() override {
        cycle_++;
        return g_collect_status;
    }
    PDH_STATUS raw(std::size_t index, bool, std::vector<PdhItem>& items) override {
        return answer(index, items);
    }
    PDH_STATUS formatted(std::size_t index, bool, std::vector<PdhItem>& items) override {
        return answer(index, items);
    }

private:
    PDH_STATUS answer(std::size_t index, std::vector<PdhItem>& items) {
        const FakeCounter& counter = g_fake[paths_[index]];
        if (counter.read_status != ERROR_SUCCESS) {
            return counter.read_status;
        }
        items = counter.cycles[std::min<std::size_t>(cycle_ - 1, counter.cycles.size() - 1)];
        return ERROR_SUCCESS;
    }
    std::vector<std::wstring> paths_;
    std::size_t cycle_ = 0;
};

std::unique_ptr<PdhQuery> openFake(PDH_STATUS& status) {
    status = ERROR_SUCCESS;
    return std::make_unique<FakeQuery>();
}

PdhItem item(const wchar_t* instance, LONGLONG first, double formatted) {
    return PdhItem{instance, PDH_CSTATUS_VALID_DATA, first, 0, formatted};
}

PerfObjectConfig iisObject() {
    PerfObjectConfig object;
    object.name = "iis";
    object.object = "Web Service";
    object.instances = {"*"};
    object.labels = {{"role", "frontend"}};
    object.counters = {{"Current Connections", "", ""}, {"Bytes Sent/sec", "", ""}};
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
    PerformanceCounterConfig config;
    config.objects = {iisObject()};
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
    PerformanceCounterConfig config;
    config.objects = {iisObject()};
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
    config.objects[0].formatted = true;
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
    PerformanceCounterConfig config;
    config.objects = {iisObject()};
    config.objects[0].counters = {{"Current Connections", "iis_connections", "counter"}};
    config.objects[0].instances = {"_Total"};
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
    PerformanceCounterConfig config;
    config.objects = {iisObject()};
    EXPECT_EQ(checkPerfCounters(config, &openFake),
              "collectors.performancecounter.objects[0]: counter 'Bytes Sent/sec' of object "
              "'Web Service' does not exist on this machine (PDH_CSTATUS_NO_COUNTER)");
    PerfCounterCollector collector(config, &openFake);
    ASSERT_EQ(collector.notes().size(), 1u);
    EXPECT_NE(collector.notes()[0].find("Bytes Sent/sec"), std::string::npos);
    SectionPtr keep;
    EXPECT_EQ(collectOnce(collector, keep).values.size(), 3u);  // the other counter still works

    PerformanceCounterConfig unknown;
    unknown.objects = {iisObject()};
    unknown.objects[0].object = "Web Servic";
    EXPECT_EQ(checkPerfCounters(unknown, &openFake),
              "collectors.performancecounter.objects[0]: performance counter object 'Web Servic' "
              "does not exist on this machine (PDH_CSTATUS_NO_OBJECT)");
}

TEST(PerfCounter, ACounterThatDisappearsAtRunTimeIsANoteNotAFailure) {
    resetFake();
    PerformanceCounterConfig config;
    config.objects = {iisObject()};
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

// The real PDH (Wine has a handful of counters, among them these two).
TEST(PerfCounterRealPdh, KnownCountersPassTheCheckAndUnknownOnesAreNamed) {
    PerformanceCounterConfig config;
    PerfObjectConfig processor;
    processor.object = "Processor";
    processor.name = "processor";
    processor.instances = {"_Total"};
    processor.counters = {{"% Processor Time", "", ""}};
    PerfObjectConfig system;
    system.object = "System";
    system.name = "system";
    system.counters = {{"System Up Time", "", ""}};
    config.objects = {processor, system};
    // Validation uses the wildcard instance; Wine's PDH may not expand it, Windows does.
    PerformanceCounterConfig single = config;
    single.objects[0].instances.clear();
    single.objects[0].object = "System";
    single.objects[0].counters = {{"System Up Time", "", ""}};
    EXPECT_EQ(checkPerfCounters(single, &openPdhQuery), "");

    PerformanceCounterConfig unknown;
    PerfObjectConfig bogus;
    bogus.object = "No Such Object";
    bogus.name = "bogus";
    bogus.counters = {{"Nothing", "", ""}};
    unknown.objects = {bogus};
    const std::string error = checkPerfCounters(unknown, &openPdhQuery);
    EXPECT_NE(error.find("collectors.performancecounter.objects[0]: "), std::string::npos) << error;
    EXPECT_NE(error.find("'No Such Object'"), std::string::npos) << error;

    PerfCounterCollector collector(config, &openPdhQuery);
    for (const auto& note : collector.notes()) {
        std::printf("note: %s\n", note.c_str());
    }
    auto first = collector.collect();
    ASSERT_TRUE(first.ok());
    Sleep(300);
    auto second = collector.collect();
    ASSERT_TRUE(second.ok());
    const auto& section = dynamic_cast<const PerformanceCounterSection&>(*second.value());
    bool uptime = false, processor_time = false;
    for (const auto& value : section.values) {
        std::printf("%s %s=%g\n", value.metric.c_str(), value.is_counter ? "counter" : "gauge",
                    value.value);
        if (value.metric.find("system_system_up_time") != std::string::npos) {
            uptime = value.value > 0;
        }
        if (value.metric.find("processor_processor_time") != std::string::npos) {
            processor_time = true;
            EXPECT_EQ(value.labels.front(),
                      (std::pair<std::string, std::string>{"instance", "_Total"}));
        }
    }
    EXPECT_TRUE(uptime);
    EXPECT_TRUE(processor_time);
}

}  // namespace sysmetrics::win
