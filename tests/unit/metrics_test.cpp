#include <gtest/gtest.h>
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "collectors/memory.h"
#include "collectors/system.h"
#include "collectors/textfile_parser.h"
#include "config/exporter_names.h"
#include "http/prometheus/family_list.h"
#include "http/prometheus/metrics_endpoint.h"
#include "prometheus_accept.h"
#include "service/collector_catalog.h"
#include "tests/common/gunzip.h"

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

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        count++;
    }
    return count;
}

using test::kPrometheus242;
using test::kRecentPrometheus;

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
    EXPECT_TRUE(contains(text,
                         "# TYPE windows_system_processes_limit gauge\n"
                         "windows_system_processes_limit 4294967295\n"));
    EXPECT_TRUE(contains(text, "windows_system_boot_time_timestamp 1700000000\n"));
    EXPECT_TRUE(contains(text,
                         "windows_os_info{product=\"Windows 10 Pro\",version=\"10.0.19045\","
                         "major_version=\"10\",minor_version=\"0\",build_number=\"19045\","
                         "revision=\"0\"} 1\n"));
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

TEST(Metrics, UnknownCollectorInFilterIsABadRequestNamingTheKnownOnes) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    const HttpResponse response = endpoint.serve(sampleSnapshot(), {"memory", "nope"}, 1001);
    EXPECT_EQ(response.status, 400);
    EXPECT_TRUE(contains(response.body, "collect[]: unknown collector 'nope' (sysmetrics: "))
        << response.body;
    EXPECT_TRUE(contains(response.body, "processes")) << response.body;
    EXPECT_TRUE(contains(response.body, "logical_disk")) << response.body;
    // One of ours that is not enabled stays a 400: it can have no data.
    const HttpResponse disabled = endpoint.serve(sampleSnapshot(), {"processes"}, 1001);
    EXPECT_EQ(disabled.status, 400);
    EXPECT_TRUE(contains(disabled.body, "collect[]: 'processes' is not an enabled collector"));
}

TEST(Metrics, WindowsExporterCollectorNamesSelectTheirFamilies) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    // os: windows_os_* only, from the collectors that emit them here.
    const HttpResponse os = endpoint.serve(sampleSnapshot(), {"os"}, 1001);
    EXPECT_EQ(os.status, 200) << os.body;
    EXPECT_TRUE(contains(os.body, "windows_os_info{"));
    EXPECT_FALSE(contains(os.body, "# TYPE windows_system_processes "));
    EXPECT_FALSE(contains(os.body, "windows_memory_available_bytes"));
    EXPECT_FALSE(contains(os.body, "windows_cs_logical_processors"));
    EXPECT_TRUE(contains(os.body, "sysmetrics_collector_success{collector=\"system\"} 1"));
    // system: windows_system_* only; a name that is also ours (memory) selects all of ours.
    const HttpResponse both = endpoint.serve(sampleSnapshot(), {"system", "memory"}, 1001);
    EXPECT_TRUE(contains(both.body, "windows_system_processes 123"));
    EXPECT_TRUE(contains(both.body, "windows_os_info{"));  // our system collector, whole
    EXPECT_TRUE(contains(both.body, "windows_memory_available_bytes"));
    // Theirs with nothing enabled here (or no equivalent) answers, without host families.
    for (const char* name : {"logical_disk", "iis"}) {
        const HttpResponse empty = endpoint.serve(sampleSnapshot(), {name}, 1001);
        EXPECT_EQ(empty.status, 200) << name;
        EXPECT_FALSE(contains(empty.body, "windows_")) << name;
        EXPECT_FALSE(contains(empty.body, "sysmetrics_collector_success")) << name;
        EXPECT_TRUE(contains(empty.body, "sysmetrics_build_info")) << name;
    }
}

// windows_exporter_collector_success was missing: alerts written for windows_exporter's own
// health (windows_exporter_collector_success == 0) had no series and never fired.
TEST(Metrics, WindowsExporterCollectorHealthFollowsTheCollectorsBehindEachName) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    Snapshot snapshot = sampleSnapshot();
    snapshot.status["memory"].duration_seconds = 0.25;
    snapshot.status["system"].duration_seconds = 0.5;
    const std::string all = endpoint.serve(snapshot, {}, 1001).body;
    for (const char* name : {"memory", "cs", "os", "system"}) {
        EXPECT_TRUE(contains(
            all, std::string("windows_exporter_collector_success{collector=\"") + name + "\"} 1"))
            << name << "\n"
            << all;
        EXPECT_TRUE(contains(
            all, std::string("windows_exporter_collector_timeout{collector=\"") + name + "\"} 0"))
            << name;
    }
    EXPECT_TRUE(
        contains(all, "windows_exporter_collector_duration_seconds{collector=\"cs\"} 0.75"));
    EXPECT_FALSE(contains(
        all, "windows_exporter_collector_success{collector=\"cpu\"}"));  // not enabled here
    EXPECT_EQ(occurrences(all, "# TYPE windows_exporter_collector_success gauge"), 1u);

    // A failed attempt of memory fails every name memory stands behind; no data source is a
    // success, as windows_exporter counts a collector that finds no data.
    snapshot.status["memory"].state = CollectorState::failing;
    const std::string failing = endpoint.serve(snapshot, {}, 1001).body;
    for (const char* name : {"memory", "cs", "os"}) {
        EXPECT_TRUE(contains(
            failing,
            std::string("windows_exporter_collector_success{collector=\"") + name + "\"} 0"))
            << name;
    }
    EXPECT_TRUE(contains(failing, "windows_exporter_collector_success{collector=\"system\"} 1"));
    snapshot.status["memory"].state = CollectorState::unsupported;
    EXPECT_TRUE(contains(endpoint.serve(snapshot, {}, 1001).body,
                         "windows_exporter_collector_success{collector=\"memory\"} 1"));

    // In a collection for longer than its interval (5 s): timed out, and not a success.
    snapshot.status["system"].running_since_steady = 1000;
    const std::string hung = endpoint.serve(snapshot, {}, 1006).body;
    EXPECT_TRUE(contains(hung, "windows_exporter_collector_timeout{collector=\"system\"} 1"));
    EXPECT_TRUE(contains(hung, "windows_exporter_collector_success{collector=\"system\"} 0"));
    EXPECT_TRUE(contains(endpoint.serve(snapshot, {}, 1004).body,
                         "windows_exporter_collector_timeout{collector=\"system\"} 0"));

    // collect[]=os: only the names the answer carries families of.
    const std::string os = endpoint.serve(sampleSnapshot(), {"os"}, 1001).body;
    EXPECT_TRUE(contains(os, "windows_exporter_collector_success{collector=\"os\"} 1"));
    EXPECT_FALSE(contains(os, "windows_exporter_collector_success{collector=\"memory\"}"));
    EXPECT_FALSE(contains(os, "windows_exporter_collector_success{collector=\"cs\"}"));

    MetricsEndpoint linux_endpoint(MetricNaming::linux, runtime(), catalogExpositions());
    EXPECT_FALSE(
        contains(linux_endpoint.serve(sampleSnapshot(), {}, 1001).body, "windows_exporter_"));
}

TEST(Metrics, FamiliesBelongToWindowsExporterCollectorsByName) {
    EXPECT_EQ(exporterCollectorOfFamily("windows_cpu_time_total"), "cpu");
    EXPECT_EQ(exporterCollectorOfFamily("windows_cpu_info"), "cpu_info");
    EXPECT_EQ(exporterCollectorOfFamily("windows_cpu_info_l2_cache_size"), "cpu_info");
    EXPECT_EQ(exporterCollectorOfFamily("windows_logical_disk_free_bytes"), "logical_disk");
    EXPECT_EQ(exporterCollectorOfFamily("windows_net_nic_info"), "net");
    EXPECT_EQ(exporterCollectorOfFamily("windows_net_nic_address_info"), "net");
    EXPECT_EQ(exporterCollectorOfFamily("windows_tcp_segments_total"), "tcp");
    EXPECT_EQ(exporterCollectorOfFamily("windows_cs_hostname"), "cs");
    EXPECT_EQ(exporterCollectorOfFamily("windows_battery_charge_ratio"), "");
    EXPECT_EQ(exporterCollectorOfFamily("sysmetrics_build_info"), "");
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

// A help naming a PDH path holds backslashes: unescaped, client_golang's parser (promtool check
// metrics) rejects "\P" as an invalid escape sequence.
TEST(Metrics, HelpTextIsEscapedAsTheTextFormatAsks) {
    FamilyList list;
    const std::string help = "From \\Paging File(*)\\% Usage, \"quoted\",\nsecond line.";
    list.gauge("x", help, 1);
    EXPECT_EQ(list.text(),
              "# HELP x From \\\\Paging File(*)\\\\% Usage, \"quoted\",\\nsecond line.\n"
              "# TYPE x gauge\nx 1\n");
    auto parsed = parseTextfile(list.text());
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 1u);
    EXPECT_EQ(parsed->front().help, help);
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

TEST(OpenMetricsEndpoint, BodyEndsInEofAndTextIsUnchanged) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    const Snapshot snapshot = sampleSnapshot();
    const HttpResponse text = endpoint.serve(snapshot, {}, 1001);
    EXPECT_EQ(text.content_type, "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(text.body,
              endpoint.renderSnapshot(snapshot) + endpoint.renderDynamic(snapshot, {}, 1001));
    EXPECT_FALSE(contains(text.body, "# EOF"));
    EXPECT_TRUE(contains(text.body, "# TYPE sysmetrics_collector_runs_total counter\n"));

    const HttpResponse open =
        endpoint.serve(snapshot, {}, 1001, false, negotiateExposition(kRecentPrometheus));
    EXPECT_EQ(open.content_type, "application/openmetrics-text; version=1.0.0; charset=utf-8");
    ASSERT_GE(open.body.size(), 6u);
    EXPECT_EQ(open.body.substr(open.body.size() - 6), "# EOF\n");
    EXPECT_EQ(occurrences(open.body, "# EOF"), 1u);
    EXPECT_TRUE(contains(open.body, "# TYPE sysmetrics_collector_runs counter\n"));
    EXPECT_TRUE(contains(open.body, "sysmetrics_collector_runs_total{collector=\"memory\"} 3\n"));
    EXPECT_TRUE(contains(open.body, "# TYPE sysmetrics_http_connections_rejected counter\n"));
    EXPECT_TRUE(contains(open.body, "windows_system_processes 123\n"));
    EXPECT_TRUE(contains(open.body, "hostname=\"web\\\"01\\\\\\nx\""));
    EXPECT_FALSE(contains(open.body, "\n\n"));
    // Text again after OpenMetrics: each format has its own cached body.
    EXPECT_EQ(endpoint.serve(snapshot, {}, 1001).body, text.body);

    // collect[] and OpenMetrics together.
    const HttpResponse some =
        endpoint.serve(snapshot, {"memory"}, 1001, false, negotiateExposition(kPrometheus242));
    EXPECT_EQ(some.status, 200);
    EXPECT_EQ(some.body.substr(some.body.size() - 6), "# EOF\n");
    EXPECT_FALSE(contains(some.body, "windows_system_processes"));
}

TEST(OpenMetricsEndpoint, CachedPerSnapshotVersionAndGzippedAsText) {
    MetricsEndpoint endpoint(MetricNaming::windows, runtime(), catalogExpositions());
    const NegotiatedFormat open = negotiateExposition(kRecentPrometheus);
    Snapshot snapshot = sampleSnapshot();
    const HttpResponse plain = endpoint.serve(snapshot, {}, 1001, false, open);
    const HttpResponse zipped = endpoint.serve(snapshot, {}, 1001, true, open);
    bool gzip_header = false;
    for (const auto& [name, value] : zipped.headers) {
        gzip_header = gzip_header || (name == "Content-Encoding" && value == "gzip");
        if (name == "Vary") {
            EXPECT_EQ(value, "Accept, Accept-Encoding");
        }
    }
    EXPECT_TRUE(gzip_header);
    EXPECT_EQ(test::gunzip(zipped.body), plain.body);
    // Same version, other content: the cached OpenMetrics body is served.
    snapshot.sections.erase("system");
    EXPECT_TRUE(contains(endpoint.serve(snapshot, {}, 1001, false, open).body,
                         "windows_system_processes 123\n"));
    snapshot.version = 8;
    EXPECT_FALSE(
        contains(endpoint.serve(snapshot, {}, 1001, false, open).body, "windows_system_processes"));
}

}  // namespace sysmetrics
