#include "http/prometheus/legacy_metrics.h"

#include <cmath>

namespace sysmetrics {

namespace {

double bytes(std::uint64_t value) {
    return static_cast<double>(value);
}

}  // namespace

void appendLegacySystemMetrics(const SystemSection& s, FamilyList& out) {
    out.info("windows_cs_hostname",
             "Legacy, dropped with the cs collector in v0.31: use windows_os_hostname.",
             {{"domain", s.domain}, {"fqdn", s.fqdn}, {"hostname", s.hostname}});
    out.gauge("windows_os_processes", "Legacy, dropped in v0.31: use windows_system_processes.",
              static_cast<double>(s.processes));
    out.gauge("windows_os_processes_limit",
              "Legacy, dropped in v0.31: Windows sets no fixed process limit (4294967295).",
              kNoProcessLimit);
    out.gaugeIf("windows_os_users",
                "Legacy, dropped in v0.31: users logged on (NetWkstaGetInfo level 102).",
                s.logged_on_users);
    if (!s.timezone.empty()) {
        out.info("windows_os_timezone",
                 "Legacy, dropped in v0.31: the time zone key name "
                 "(GetDynamicTimeZoneInformation).",
                 {{"timezone", s.timezone}});
    }
    out.gauge("windows_system_system_up_time",
              "Legacy, dropped in v0.30: despite the name the boot time, Unix seconds; use "
              "windows_system_boot_time_timestamp.",
              s.boot_time);
    out.gauge("windows_system_boot_time_timestamp_seconds",
              "Legacy, v0.30 only: use windows_system_boot_time_timestamp.", s.boot_time);
}

void appendLegacyMemoryMetrics(const MemorySection& m, FamilyList& out) {
    out.gauge("windows_cs_physical_memory_bytes",
              "Legacy, dropped with the cs collector in v0.31: use "
              "windows_memory_physical_total_bytes.",
              bytes(m.physical_total_bytes));
    out.gauge("windows_os_visible_memory_bytes",
              "Legacy, dropped in v0.31: use windows_memory_physical_total_bytes.",
              bytes(m.physical_total_bytes));
    out.gaugeIf("windows_os_physical_memory_free_bytes",
                "Legacy, dropped in v0.31: use windows_memory_physical_free_bytes.",
                m.physical_free_bytes);
    out.gaugeIf("windows_os_virtual_memory_bytes",
                "Legacy, dropped in v0.31: the commit limit (GlobalMemoryStatusEx "
                "ullTotalPageFile); use windows_memory_commit_limit.",
                m.process_commit_limit_bytes);
    out.gaugeIf("windows_os_virtual_memory_free_bytes",
                "Legacy, dropped in v0.31: commit still available (GlobalMemoryStatusEx "
                "ullAvailPageFile); use windows_memory_commit_limit - "
                "windows_memory_committed_bytes.",
                m.process_commit_available_bytes);
    out.gaugeIf("windows_os_process_memory_limit_bytes",
                "Legacy, dropped in v0.31: use windows_memory_process_memory_limit_bytes.",
                m.process_memory_limit_bytes);
}

void appendLegacyPagefileMetrics(const PagefileSection& p, FamilyList& out) {
    const auto totals = pagingTotals(p.files);
    if (!totals) {
        return;
    }
    out.gauge("windows_os_paging_limit_bytes",
              "Legacy, dropped in v0.30: the paging files' sizes summed (0: no paging file); use "
              "windows_pagefile_limit_bytes.",
              totals->limit_bytes);
    out.gauge("windows_os_paging_free_bytes",
              "Legacy, dropped in v0.30: the paging files' unused bytes summed; use "
              "windows_pagefile_free_bytes.",
              totals->free_bytes);
}

void appendLegacyProcessStartTime(double start_time, const Labels& id, FamilyList& out) {
    out.gauge("windows_process_start_time",
              "Legacy, dropped in v0.31: use windows_process_start_time_seconds_timestamp.",
              start_time, id);
}

void appendLegacyTimeMetric(double wall_now, FamilyList& out) {
    out.gauge(kLegacyTimeFamily,
              "Legacy, dropped in v0.31: the host's clock at the scrape, Unix seconds.",
              std::floor(wall_now));
}

}  // namespace sysmetrics
