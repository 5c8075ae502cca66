#include "http/prometheus/own_families.h"

#include <algorithm>
#include <iterator>

namespace sysmetrics {

namespace {

bool startsWith(const std::string& name, const char* prefix) {
    return name.rfind(prefix, 0) == 0;
}

}  // namespace

bool isOwnMetricName(const std::string& name, MetricNaming naming) {
    // tests/unit/own_families_test.cpp renders every section and checks each name is covered.
    static const char* const kShared[] = {"sysmetrics_"};
    static const char* const kWindows[] = {"windows_battery_",
                                           "windows_cpu_",
                                           "windows_cs_",
                                           "windows_exporter_",
                                           "windows_logical_disk_",
                                           "windows_memory_",
                                           "windows_net_",
                                           "windows_os_",
                                           "windows_pagefile_",
                                           "windows_physical_disk_",
                                           "windows_process_",
                                           "windows_service_",
                                           "windows_system_",
                                           "windows_tcp_",
                                           "windows_textfile_",
                                           "windows_thermalzone_",
                                           "windows_time_",
                                           "windows_udp_",
                                           "windows_performancecounter_"};
    static const char* const kLinux[] = {"node_boot_time_seconds",
                                         "node_context_switches_total",
                                         "node_cpu_",
                                         "node_disk_",
                                         "node_filesystem_",
                                         "node_forks_total",
                                         "node_intr_total",
                                         "node_load",
                                         "node_memory_",
                                         "node_netstat_",
                                         "node_network_",
                                         "node_os_info",
                                         "node_power_supply_",
                                         "node_processes_",
                                         "node_procs_",
                                         "node_time_",
                                         "node_timex_",
                                         "node_uname_info",
                                         "node_textfile_",
                                         "node_thermal_zone_"};
    const auto matches = [&](const auto& prefixes) {
        return std::any_of(std::begin(prefixes), std::end(prefixes),
                           [&](const char* prefix) { return startsWith(name, prefix); });
    };
    return matches(kShared) ||
           (naming == MetricNaming::windows ? matches(kWindows) : matches(kLinux));
}

}  // namespace sysmetrics
