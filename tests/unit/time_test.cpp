// The time collector's interpretation of raw data: PDH "Windows Time Service" raw values and
// adjtimex(2) fields to the exported values; its windows_exporter and node_exporter families; the
// clock written at each scrape; GET /api/v1/time.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "collectors/memory.h"
#include "collectors/time.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/router.h"
#include "service/collector_catalog.h"
#include "tests/unit/family_text.h"

namespace sysmetrics {

namespace {

// The raw FirstValues PDH gives for the object (no instances: the instance name is "").
PdhRawCounters w32TimeRaw() {
    PdhRawCounters raw;
    raw["Clock Frequency Adjustment"] = {{"", -312}};
    raw["Clock Frequency Adjustment (ppb)"] = {{"", 4500}};
    raw["Computed Time Offset"] = {{"", 1500}};  // microseconds
    raw["NTP Client Time Source Count"] = {{"", 1}};
    raw["NTP Roundtrip Delay"] = {{"", 250000}};  // microseconds
    raw["NTP Server Incoming Requests"] = {{"", 42}};
    raw["NTP Server Outgoing Responses"] = {{"", 41}};
    return raw;
}

std::string render(const TimeSection& section, MetricNaming naming) {
    FamilyList families;
    appendTimeMetrics(section, RenderContext(naming), families);
    return familiesText(families);
}

TimeSection windowsSection() {
    TimeSection section;
    section.timezone = "W. Europe Standard Time";
    section.clock_sync_source = "NT5DS";
    section.w32time = w32TimeFromPdh(w32TimeRaw());
    return section;
}

Snapshot snapshotWith(std::shared_ptr<const Section> time) {
    Snapshot snapshot;
    snapshot.version = 2;
    auto memory = std::make_shared<MemorySection>();
    memory->physical_total_bytes = 1024;
    snapshot.sections["memory"] = memory;
    if (time) {
        snapshot.sections[TimeSection::kName] = std::move(time);
    }
    for (const char* name : {"memory", "time"}) {
        snapshot.status[name].name = name;
        snapshot.status[name].state = CollectorState::ok;
    }
    return snapshot;
}

std::string scrape(const Snapshot& snapshot, MetricNaming naming,
                   const std::vector<std::string>& collect = {}) {
    MetricsEndpoint endpoint(naming, RuntimeInfo{}, catalogExpositions());
    const HttpResponse response = endpoint.serve(snapshot, collect, 1);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.body;
}

// The value of the sample line that starts with `prefix` ("name " or "name{...} ").
std::optional<double> sampleValue(const std::string& text, const std::string& prefix) {
    const auto at = text.find("\n" + prefix);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    return std::stod(text.substr(at + 1 + prefix.size()));
}

}  // namespace

TEST(Time, W32TimeRawValuesConvertAsWindowsExporterConvertsThem) {
    const W32TimeCounters w = w32TimeFromPdh(w32TimeRaw());
    EXPECT_EQ(w.clock_frequency_adjustment, -312);  // signed, as PDH's LONGLONG FirstValue
    EXPECT_EQ(w.clock_frequency_adjustment_ppb, 4500);
    ASSERT_TRUE(w.computed_time_offset_seconds);
    EXPECT_DOUBLE_EQ(*w.computed_time_offset_seconds, 0.0015);  // microseconds -> seconds
    EXPECT_EQ(w.ntp_client_time_sources, 1);
    ASSERT_TRUE(w.ntp_round_trip_delay_seconds);
    EXPECT_DOUBLE_EQ(*w.ntp_round_trip_delay_seconds, 0.25);
    EXPECT_EQ(w.ntp_server_incoming_requests, 42);
    EXPECT_EQ(w.ntp_server_outgoing_responses, 41);
    EXPECT_TRUE(w.any());
}

TEST(Time, AnAbsentW32TimeCounterIsAbsentNotZero) {
    PdhRawCounters raw = w32TimeRaw();
    raw.erase("Clock Frequency Adjustment (ppb)");  // before Windows build 17763
    raw["NTP Roundtrip Delay"].clear();             // no valid value this cycle
    const W32TimeCounters w = w32TimeFromPdh(raw);
    EXPECT_FALSE(w.clock_frequency_adjustment_ppb);
    EXPECT_FALSE(w.ntp_round_trip_delay_seconds);
    EXPECT_TRUE(w.computed_time_offset_seconds);
    EXPECT_FALSE(w32TimeFromPdh({}).any());
}

TEST(Time, W32TimeCountersAreTheOnesWindowsExporterReads) {
    // English names, as PdhAddEnglishCounterW takes them (windows_exporter's time/types.go).
    EXPECT_EQ(kW32TimePdhCounters,
              (std::vector<std::string>{
                  "Clock Frequency Adjustment", "Clock Frequency Adjustment (ppb)",
                  "Computed Time Offset", "NTP Client Time Source Count", "NTP Roundtrip Delay",
                  "NTP Server Incoming Requests", "NTP Server Outgoing Responses"}));
}

TEST(Time, TimexConvertsAsNodeExporterDoes) {
    TimexRaw raw;
    raw.state = 0;       // TIME_OK
    raw.offset = -2500;  // microseconds without STA_NANO
    raw.freq = 655360;   // 10 ppm with a 16-bit fraction
    raw.maxerror = 16000;
    raw.esterror = 500;
    raw.status = 0x0001;  // STA_PLL
    raw.constant = 7;
    raw.tick = 10000;
    raw.tai = 37;
    TimexValues t = timexFromRaw(raw);
    EXPECT_EQ(t.sync_status, 1);
    EXPECT_DOUBLE_EQ(t.offset_seconds, -0.0025);
    EXPECT_DOUBLE_EQ(t.frequency_adjustment_ratio, 1.00001);
    EXPECT_DOUBLE_EQ(t.maxerror_seconds, 0.016);
    EXPECT_DOUBLE_EQ(t.estimated_error_seconds, 0.0005);
    EXPECT_EQ(t.status, 1);
    EXPECT_EQ(t.loop_time_constant, 7);
    EXPECT_DOUBLE_EQ(t.tick_seconds, 0.01);
    EXPECT_EQ(t.tai_offset_seconds, 37);

    raw.status = 0x2001;  // STA_NANO: the offset is in nanoseconds
    raw.offset = -2500;
    raw.state = 5;  // TIME_ERROR: not synchronised
    raw.freq = -655360;
    t = timexFromRaw(raw);
    EXPECT_DOUBLE_EQ(t.offset_seconds, -0.0000025);
    EXPECT_EQ(t.sync_status, 0);
    EXPECT_DOUBLE_EQ(t.frequency_adjustment_ratio, 0.99999);
    EXPECT_EQ(t.status, 0x2001);
}

TEST(Time, WindowsExporterFamiliesTypesAndLabels) {
    EXPECT_EQ(render(windowsSection(), MetricNaming::windows),
              "windows_time_timezone gauge\n"
              "windows_time_timezone{timezone=\"W. Europe Standard Time\"} 1\n"
              "windows_time_clock_sync_source gauge\n"
              "windows_time_clock_sync_source{type=\"NTP\"} 0\n"
              "windows_time_clock_sync_source{type=\"NT5DS\"} 1\n"
              "windows_time_clock_sync_source{type=\"AllSync\"} 0\n"
              "windows_time_clock_sync_source{type=\"NoSync\"} 0\n"
              "windows_time_clock_sync_source{type=\"Local CMOS Clock\"} 0\n"
              "windows_time_clock_frequency_adjustment gauge\n"
              "windows_time_clock_frequency_adjustment -312\n"
              "windows_time_clock_frequency_adjustment_ppb gauge\n"
              "windows_time_clock_frequency_adjustment_ppb 4500\n"
              "windows_time_computed_time_offset_seconds gauge\n"
              "windows_time_computed_time_offset_seconds 0.0015\n"
              "windows_time_ntp_client_time_sources gauge\n"
              "windows_time_ntp_client_time_sources 1\n"
              "windows_time_ntp_round_trip_delay_seconds gauge\n"
              "windows_time_ntp_round_trip_delay_seconds 0.25\n"
              "windows_time_ntp_server_outgoing_responses_total counter\n"
              "windows_time_ntp_server_outgoing_responses_total 41\n"
              "windows_time_ntp_server_incoming_requests_total counter\n"
              "windows_time_ntp_server_incoming_requests_total 42\n");
}

TEST(Time, WhatTheMachineLacksIsLeftOutNeverZero) {
    // As under Wine: a time zone, but no W32Time registry key and no Windows Time Service object.
    TimeSection section;
    section.timezone = "UTC";
    EXPECT_EQ(render(section, MetricNaming::windows),
              "windows_time_timezone gauge\n"
              "windows_time_timezone{timezone=\"UTC\"} 1\n");
    EXPECT_EQ(render(TimeSection{}, MetricNaming::windows), "");
}

TEST(Time, NodeExporterFamiliesOnLinux) {
    TimeSection section;
    section.timezone = "CET";
    section.zone_offset_seconds = 3600;
    TimexRaw raw;
    raw.offset = 1000;
    raw.tick = 10000;
    section.timex = timexFromRaw(raw);
    EXPECT_EQ(render(section, MetricNaming::linux),
              "node_time_zone_offset_seconds gauge\n"
              "node_time_zone_offset_seconds{time_zone=\"CET\"} 3600\n"
              "node_timex_sync_status gauge\n"
              "node_timex_sync_status 1\n"
              "node_timex_offset_seconds gauge\n"
              "node_timex_offset_seconds 0.001\n"
              "node_timex_frequency_adjustment_ratio gauge\n"
              "node_timex_frequency_adjustment_ratio 1\n"
              "node_timex_maxerror_seconds gauge\n"
              "node_timex_maxerror_seconds 0\n"
              "node_timex_estimated_error_seconds gauge\n"
              "node_timex_estimated_error_seconds 0\n"
              "node_timex_status gauge\n"
              "node_timex_status 0\n"
              "node_timex_loop_time_constant gauge\n"
              "node_timex_loop_time_constant 0\n"
              "node_timex_tick_seconds gauge\n"
              "node_timex_tick_seconds 0.01\n"
              "node_timex_tai_offset_seconds gauge\n"
              "node_timex_tai_offset_seconds 0\n");
    section.timex.reset();  // adjtimex refused
    EXPECT_EQ(render(section, MetricNaming::linux),
              "node_time_zone_offset_seconds gauge\n"
              "node_time_zone_offset_seconds{time_zone=\"CET\"} 3600\n");
    EXPECT_EQ(render(section, MetricNaming::windows),
              "windows_time_timezone gauge\n"
              "windows_time_timezone{timezone=\"CET\"} 1\n");
}

TEST(Time, TheClockIsWrittenAtEachScrapeWhileTheCollectorRuns) {
    auto section = std::make_shared<TimeSection>(windowsSection());
    section->collected_at = 1000;  // long ago: the clock is not the section's time
    const Snapshot snapshot = snapshotWith(section);
    for (const MetricNaming naming : {MetricNaming::windows, MetricNaming::linux}) {
        const std::string family = currentTimeFamily(naming);
        const double before = wallSeconds();
        const std::string text = scrape(snapshot, naming);
        const double after = wallSeconds();
        EXPECT_NE(text.find("# TYPE " + family + " gauge\n"), std::string::npos) << text;
        const auto value = sampleValue(text, family + " ");
        ASSERT_TRUE(value) << text;
        EXPECT_GE(*value, before - 1e-6);  // 16 significant digits: microseconds
        EXPECT_LE(*value, after + 1e-6);
    }
    EXPECT_EQ(std::string(currentTimeFamily(MetricNaming::windows)),
              "windows_time_current_timestamp_seconds");
    EXPECT_EQ(std::string(currentTimeFamily(MetricNaming::linux)), "node_time_seconds");
    // Without the collector's section (disabled, or not collected yet) there is no clock.
    const std::string without = scrape(snapshotWith(nullptr), MetricNaming::windows);
    EXPECT_EQ(without.find("windows_time_current_timestamp_seconds"), std::string::npos);
}

TEST(Time, CollectTimeSelectsItsFamiliesAndTheClock) {
    const Snapshot snapshot = snapshotWith(std::make_shared<TimeSection>(windowsSection()));
    const std::string time = scrape(snapshot, MetricNaming::windows, {"time"});
    EXPECT_NE(time.find("\nwindows_time_current_timestamp_seconds "), std::string::npos);
    EXPECT_NE(time.find("windows_time_computed_time_offset_seconds 0.0015\n"), std::string::npos);
    EXPECT_EQ(time.find("windows_memory_"), std::string::npos);
    const std::string memory = scrape(snapshot, MetricNaming::windows, {"memory"});
    EXPECT_EQ(memory.find("windows_time_"), std::string::npos);
    EXPECT_NE(memory.find("windows_memory_physical_total_bytes 1024\n"), std::string::npos);
}

TEST(Time, RestAnswersTheSection) {
    auto store = std::make_shared<SnapshotStore>();
    Router router{store, MetricNaming::windows, RuntimeInfo{}, catalogHttp()};
    HttpRequest request;
    request.path = "/api/v1/time";
    EXPECT_EQ(router.handle(request).status, 404);  // not enabled
    auto section = std::make_shared<TimeSection>(windowsSection());
    section->w32time.clock_frequency_adjustment_ppb.reset();
    section->collected_at = 1700000000.5;
    CollectorStatus status;
    status.name = "time";
    status.state = CollectorState::ok;
    store->publish(status, section);
    const HttpResponse response = router.handle(request);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["collected_at"], 1700000000.5);
    EXPECT_EQ(body["timezone"], "W. Europe Standard Time");
    EXPECT_EQ(body["clock_sync_source"], "NT5DS");
    EXPECT_TRUE(body["zone_offset_seconds"].is_null());
    EXPECT_EQ(body["w32time"]["computed_time_offset_seconds"], 0.0015);
    EXPECT_EQ(body["w32time"]["ntp_server_incoming_requests"], 42);
    EXPECT_TRUE(body["w32time"]["clock_frequency_adjustment_ppb"].is_null());
    EXPECT_TRUE(body["timex"].is_null());
}

}  // namespace sysmetrics
