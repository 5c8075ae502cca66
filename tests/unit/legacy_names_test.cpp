// windows_exporter's dropped families (v0.25-v0.30) at /metrics, from sections filled as the
// Windows probes fill them, with metrics.legacy_names on (the default) and off.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "base/clock.h"
#include "collectors/memory.h"
#include "collectors/pagefile.h"
#include "collectors/system.h"
#include "collectors/time.h"
#include "http/prometheus/metrics_endpoint.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const char* const kLegacyFamilies[] = {
    "windows_cs_hostname",
    "windows_cs_physical_memory_bytes",
    "windows_os_physical_memory_free_bytes",
    "windows_os_visible_memory_bytes",
    "windows_os_virtual_memory_bytes",
    "windows_os_virtual_memory_free_bytes",
    "windows_os_process_memory_limit_bytes",
    "windows_os_processes",
    "windows_os_processes_limit",
    "windows_os_users",
    "windows_os_time",
    "windows_os_timezone",
    "windows_os_paging_limit_bytes",
    "windows_os_paging_free_bytes",
    "windows_system_system_up_time",
    "windows_system_boot_time_timestamp_seconds",
};

Snapshot windowsSnapshot() {
    Snapshot snapshot;
    snapshot.version = 3;
    WindowsMemoryCounters raw;  // as GlobalMemoryStatusEx and GetPerformanceInfo answer
    raw.total_phys = 17179869184;
    raw.avail_phys = 6442450944;
    raw.total_page_file = 19327352832;
    raw.avail_page_file = 9663676416;
    raw.total_virtual = 140737488224256;
    snapshot.sections["memory"] = std::make_shared<MemorySection>(memoryFromWindowsCounters(raw));
    auto system = std::make_shared<SystemSection>();
    system->hostname = "web01";
    system->domain = "corp.example";
    system->fqdn = "web01.corp.example";
    system->boot_time = 1700000000.25;
    system->processes = 123;
    system->timezone = "W. Europe Standard Time";
    system->logged_on_users = 2;
    snapshot.sections["system"] = system;
    // Two paging files as SYSTEM_PAGEFILE_INFORMATION gives them (4 KiB pages).
    auto pagefile = std::make_shared<PagefileSection>();
    pagefile->files.push_back(pagefileFromNt({"\\??\\C:\\pagefile.sys", 262144, 10240, 0}, 4096));
    pagefile->files.push_back(pagefileFromNt({"\\??\\D:\\pagefile.sys", 131072, 0, 0}, 4096));
    snapshot.sections["pagefile"] = pagefile;
    auto time = std::make_shared<TimeSection>();
    time->timezone = system->timezone;
    time->clock_sync_source = "NTP";
    time->w32time.computed_time_offset_seconds = -0.0015;
    time->w32time.ntp_server_incoming_requests = 3;
    snapshot.sections["time"] = time;
    for (const char* name : {"memory", "system", "pagefile", "time"}) {
        snapshot.status[name].name = name;
        snapshot.status[name].state = CollectorState::ok;
    }
    return snapshot;
}

MetricsEndpoint endpoint(bool legacy_names) {
    RenderContext context(MetricNaming::windows);
    context.legacy_names = legacy_names;
    return MetricsEndpoint(context, RuntimeInfo{"t", "t", 1, "", "", ""}, catalogExpositions());
}

std::string scrape(MetricsEndpoint& metrics, const std::vector<std::string>& collect = {}) {
    const HttpResponse response = metrics.serve(windowsSnapshot(), collect, 1);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.body;
}

}  // namespace

TEST(LegacyNames, OnByDefaultWithTheValuesWindowsExporterWrote) {
    EXPECT_TRUE(RenderContext().legacy_names);
    auto metrics = endpoint(true);
    const std::string text = scrape(metrics);
    for (const char* family : kLegacyFamilies) {
        EXPECT_TRUE(contains(text, std::string("# TYPE ") + family + " gauge\n")) << family;
    }
    const char* const kSamples[] = {
        (R"(windows_cs_hostname{domain="corp.example",fqdn="web01.corp.example",)"
         R"(hostname="web01"} 1)"
         "\n"),
        "windows_cs_physical_memory_bytes 17179869184\n",
        "windows_os_visible_memory_bytes 17179869184\n",
        "windows_os_physical_memory_free_bytes 6442450944\n",
        "windows_os_virtual_memory_bytes 19327352832\n",
        "windows_os_virtual_memory_free_bytes 9663676416\n",
        "windows_os_process_memory_limit_bytes 140737488224256\n",
        "windows_memory_process_memory_limit_bytes 140737488224256\n",
        "windows_os_processes 123\n",
        "windows_os_processes_limit 4294967295\n",
        "windows_os_users 2\n",
        "windows_os_timezone{timezone=\"W. Europe Standard Time\"} 1\n",
        // v0.29's sums over the paging files: sizes, and sizes less the pages in use.
        "windows_os_paging_limit_bytes 1610612736\n",
        "windows_os_paging_free_bytes 1568669696\n",
        // Despite its name the boot time (dashboards compute time() - this).
        "windows_system_system_up_time 1700000000.25\n",
        "windows_system_boot_time_timestamp_seconds 1700000000.25\n",
    };
    for (const char* sample : kSamples) {
        EXPECT_TRUE(contains(text, sample)) << sample;
    }
}

TEST(LegacyNames, OffWithTheSwitchTheCurrentNamesStay) {
    auto metrics = endpoint(false);
    const std::string text = scrape(metrics);
    for (const char* family : kLegacyFamilies) {
        EXPECT_FALSE(contains(text, family)) << family;
    }
    EXPECT_TRUE(contains(text, "windows_memory_physical_total_bytes 17179869184\n"));
    EXPECT_TRUE(contains(text, "windows_system_boot_time_timestamp 1700000000.25\n"));
}

TEST(LegacyNames, OsTimeIsTheClockAtEachScrapeInWholeSeconds) {
    auto metrics = endpoint(true);
    const double before = std::floor(wallSeconds());
    const std::string text = scrape(metrics);
    const double after = wallSeconds();
    const auto at = text.find("\nwindows_os_time ");
    ASSERT_NE(at, std::string::npos) << text;
    const double value = std::stod(text.substr(at + 17));
    EXPECT_GE(value, before);
    EXPECT_LE(value, after);
    EXPECT_EQ(value, std::floor(value));
}

TEST(LegacyNames, WindowsExporterCollectorNamesSelectThem) {
    auto metrics = endpoint(true);
    const std::string cs = scrape(metrics, {"cs"});
    EXPECT_TRUE(contains(cs, "windows_cs_hostname{"));
    EXPECT_TRUE(contains(cs, "windows_cs_physical_memory_bytes "));
    EXPECT_FALSE(contains(cs, "# TYPE windows_os_"));
    const std::string os = scrape(metrics, {"os"});
    EXPECT_TRUE(contains(os, "windows_os_visible_memory_bytes "));
    EXPECT_TRUE(contains(os, "windows_os_timezone{"));
    EXPECT_TRUE(contains(os, "windows_os_paging_limit_bytes "));
    EXPECT_FALSE(contains(os, "# TYPE windows_pagefile_"));
    EXPECT_FALSE(contains(os, "# TYPE windows_time_"));
    EXPECT_TRUE(contains(os, "\nwindows_os_time "));
    EXPECT_FALSE(contains(os, "# TYPE windows_cs_"));
    EXPECT_FALSE(contains(os, "windows_system_system_up_time"));
    const std::string system = scrape(metrics, {"system"});
    EXPECT_TRUE(contains(system, "windows_system_system_up_time "));
    EXPECT_TRUE(contains(system, "\nwindows_os_time "));  // our system collector, whole
    const std::string memory = scrape(metrics, {"memory"});
    EXPECT_TRUE(contains(memory, "windows_os_visible_memory_bytes "));
    EXPECT_FALSE(contains(memory, "windows_os_time"));
}

#ifndef _WIN32
// Debian's promtool, the linter Prometheus users run, on the whole answer: silent.
TEST(LegacyNames, PromtoolIsSilentOnTheExposition) {
    if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
    }
    auto metrics = endpoint(true);
    const std::string path = ::testing::TempDir() + "sysmetrics_legacy_names.prom";
    std::ofstream(path, std::ios::binary) << scrape(metrics);
    FILE* pipe = ::popen(("promtool check metrics < '" + path + "' 2>&1").c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) {
        output += buffer;
    }
    const int status = ::pclose(pipe);
    std::remove(path.c_str());
    EXPECT_EQ(status, 0) << output;
    EXPECT_EQ(output, "");
}
#endif

}  // namespace sysmetrics
