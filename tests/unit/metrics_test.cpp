#include <gtest/gtest.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "collectors/memory.h"
#include "collectors/system.h"
#include "http/prometheus/family_list.h"
#include "http/prometheus/metrics_endpoint.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

Snapshot sampleSnapshot() {
    Snapshot snapshot;
    snapshot.version = 7;
    auto memory = std::make_shared<MemorySection>();
    memory->physical_total_bytes = 8589934592;
    memory->physical_available_bytes = 4294967296;
    memory->physical_free_bytes = 4294967296;
    memory->commit_total_bytes = 1000;
    memory->meminfo["MemTotal"] = {8589934592, true};
    memory->meminfo["Active(anon)"] = {4096, true};
    memory->meminfo["HugePages_Total"] = {0, false};
    snapshot.sections["memory"] = memory;
    auto system = std::make_shared<SystemSection>();
    system->hostname = "web\"01\\\nx";
    system->os_product = "Windows 10 Pro";
    system->os_version = "10.0.19045";
    system->os_major = 10;
    system->os_build = 19045;
    system->boot_time = 1700000000;
    system->processes = 123;
    system->threads = 456;
    snapshot.sections["system"] = system;
    for (const char* name : {"memory", "system"}) {
        CollectorStatus status;
        status.name = name;
        status.state = CollectorState::ok;
        status.interval_seconds = 5;
        status.last_success = 1000;
        status.last_success_steady = 1000;
        status.runs_total = 3;
        snapshot.status[name] = status;
    }
    return snapshot;
}

RuntimeInfo runtime() {
    RuntimeInfo info;
    info.version = "1.2.3";
    info.platform = "windows";
    return info;
}

}  // namespace

TEST(Metrics, WindowsNamesFollowWindowsExporter) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    const std::string text = endpoint.renderSnapshot(sampleSnapshot(), {});
    EXPECT_TRUE(contains(text, "# TYPE windows_memory_physical_total_bytes gauge\n"));
    EXPECT_TRUE(contains(text, "windows_memory_physical_total_bytes 8589934592\n"));
    EXPECT_TRUE(contains(text, "windows_memory_available_bytes 4294967296\n"));
    EXPECT_TRUE(contains(text, "windows_memory_committed_bytes 1000\n"));
    EXPECT_FALSE(contains(text, "windows_memory_pool_paged_bytes"));  // absent, not zero
    EXPECT_TRUE(contains(text, "windows_system_processes 123\n"));
    EXPECT_TRUE(contains(text, "windows_system_boot_time_timestamp 1700000000\n"));
    EXPECT_TRUE(contains(text,
                         "windows_os_info{product=\"Windows 10 Pro\",version=\"10.0.19045\","
                         "major_version=\"10\",minor_version=\"0\",build_number=\"19045\"} 1\n"));
    EXPECT_TRUE(
        contains(text, "sysmetrics_build_info{version=\"1.2.3\",platform=\"windows\"} 1\n"));
    EXPECT_TRUE(contains(text, "# TYPE sysmetrics_collector_runs_total counter\n"));
    EXPECT_TRUE(contains(text, "sysmetrics_collector_success{collector=\"memory\"} 1\n"));
    EXPECT_FALSE(contains(text, "node_"));
}

TEST(Metrics, LinuxNamesFollowNodeExporter) {
    MetricsEndpoint endpoint(MetricNaming::linux, runtime(), catalogExpositions());
    const std::string text = endpoint.renderSnapshot(sampleSnapshot(), {});
    EXPECT_TRUE(contains(text, "node_memory_MemTotal_bytes 8589934592\n"));
    EXPECT_TRUE(contains(text, "node_memory_Active_anon_bytes 4096\n"));
    EXPECT_TRUE(contains(text, "node_memory_HugePages_Total 0\n"));
    EXPECT_TRUE(contains(text, "node_boot_time_seconds 1700000000\n"));
    EXPECT_FALSE(contains(text, "windows_"));
}

TEST(Metrics, LabelValuesAreEscaped) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    const std::string text = endpoint.renderSnapshot(sampleSnapshot(), {});
    EXPECT_TRUE(contains(text, "hostname=\"web\\\"01\\\\\\nx\"")) << text;
}

TEST(Metrics, InvalidUtf8InLabelsIsReplaced) {
    EXPECT_EQ(validUtf8("ok"), "ok");
    EXPECT_EQ(validUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
    EXPECT_EQ(validUtf8("a\xFF"
                        "b"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(validUtf8("\xC3"), "\xEF\xBF\xBD");                  // truncated sequence
    EXPECT_EQ(validUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
    EXPECT_EQ(validUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(Metrics, CollectFilterKeepsOnlyTheNamedCollectors) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    const HttpResponse response = endpoint.serve(sampleSnapshot(), {"memory"}, 1001);
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(contains(response.body, "windows_memory_available_bytes"));
    EXPECT_FALSE(contains(response.body, "windows_system_processes"));
    EXPECT_FALSE(contains(response.body, "collector=\"system\""));
    EXPECT_TRUE(
        contains(response.body, "sysmetrics_collector_age_seconds{collector=\"memory\"} 1\n"));
}

TEST(Metrics, UnknownCollectorInFilterIsABadRequest) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    const HttpResponse response = endpoint.serve(sampleSnapshot(), {"gpu"}, 1001);
    EXPECT_EQ(response.status, 400);
    EXPECT_TRUE(contains(response.body, "collect[]: 'gpu' is not an enabled collector"));
}

TEST(Metrics, TextIsRenderedOncePerSnapshotVersion) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    Snapshot first = sampleSnapshot();
    const HttpResponse a = endpoint.serve(first, {}, 1001);
    EXPECT_EQ(a.content_type, "text/plain; version=0.0.4; charset=utf-8");
    // Same version, different content: the cached text is served.
    Snapshot same_version = sampleSnapshot();
    same_version.sections.erase("system");
    const HttpResponse b = endpoint.serve(same_version, {}, 1001);
    EXPECT_TRUE(contains(b.body, "windows_system_processes"));
    // A new version is rendered anew.
    same_version.version = 8;
    const HttpResponse c = endpoint.serve(same_version, {}, 1001);
    EXPECT_FALSE(contains(c.body, "windows_system_processes"));
}

TEST(Metrics, FamiliesAreNeverRepeated) {
    FamilyList list;
    list.gauge("x", "help", 1, {{"a", "1"}});
    list.gauge("y", "help", 2);
    list.gauge("x", "help", 3, {{"a", "2"}});
    ASSERT_EQ(list.families().size(), 2u);
    EXPECT_EQ(list.families()[0].count, 2u);
    EXPECT_EQ(list.text(),
              "# HELP x help\n# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"2\"} 3\n"
              "# HELP y help\n# TYPE y gauge\ny 2\n");
}

// Our text writer must say exactly what prometheus-cpp's serializer says for the same data:
// numbers (precision, NaN, infinities, negative zero, tiny and huge values), escaping, order.
TEST(Metrics, TextIsByteForByteWhatPrometheusCppWrites) {
    const std::vector<double> values = {0,
                                        -0.0,
                                        1,
                                        -1,
                                        0.1,
                                        1.0 / 3,
                                        1e-7,
                                        1e21,
                                        123456789012345678.0,
                                        4294967296.0,
                                        2.5e-310,
                                        std::nan(""),
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity()};
    const std::vector<std::string> label_values = {
        "plain", "with \"quotes\"", "back\\slash", "new\nline", "", "ünïcødé", "C:\\Windows\\"};
    FamilyList ours;
    std::vector<prometheus::MetricFamily> theirs(2);
    theirs[0].name = "g_bytes";
    theirs[0].help = "A gauge.";
    theirs[0].type = prometheus::MetricType::Gauge;
    theirs[1].name = "c_total";
    theirs[1].help = "A counter.";
    theirs[1].type = prometheus::MetricType::Counter;
    for (std::size_t i = 0; i < values.size(); i++) {
        const std::string label = label_values[i % label_values.size()];
        const Labels labels = {{"k", label}, {"i", std::to_string(i)}};
        ours.gauge("g_bytes", "A gauge.", values[i], labels);
        ours.counter("c_total", "A counter.", values[i], i % 2 ? labels : Labels{});
        prometheus::ClientMetric gauge;
        gauge.label = {{"k", label}, {"i", std::to_string(i)}};
        gauge.gauge.value = values[i];
        theirs[0].metric.push_back(gauge);
        prometheus::ClientMetric counter;
        if (i % 2) {
            counter.label = gauge.label;
        }
        counter.counter.value = values[i];
        theirs[1].metric.push_back(counter);
    }
    std::ostringstream expected;
    prometheus::TextSerializer().Serialize(expected, theirs);
    EXPECT_EQ(ours.text(), expected.str());
}

}  // namespace sysmetrics
