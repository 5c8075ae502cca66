#pragma once

#include "collectors/memory.h"
#include "collectors/pagefile.h"
#include "collectors/system.h"
#include "http/prometheus/family_list.h"

namespace sysmetrics {

// The families windows_exporter dropped or renamed after v0.25 that dashboards in the wild still
// query, with the values those releases wrote; on while metrics.legacy_names is (the default).
// Each HELP says which release dropped the family and what replaced it.

// Windows sets no fixed process limit, and Win32_OperatingSystem MaxNumberOfProcesses says so with
// 0xFFFFFFFF, which windows_exporter writes as a constant: windows_system_processes_limit (system
// collector, v0.29+) and the legacy windows_os_processes_limit (os collector, until v0.30).
inline constexpr double kNoProcessLimit = 4294967295.0;

// windows_cs_hostname, windows_os_processes, windows_os_processes_limit, windows_os_users,
// windows_os_timezone, windows_system_system_up_time and
// windows_system_boot_time_timestamp_seconds.
void appendLegacySystemMetrics(const SystemSection& system, FamilyList& out);

// windows_cs_physical_memory_bytes and the windows_os_* memory families.
void appendLegacyMemoryMetrics(const MemorySection& memory, FamilyList& out);

// windows_os_paging_limit_bytes and windows_os_paging_free_bytes: the paging files summed.
void appendLegacyPagefileMetrics(const PagefileSection& pagefile, FamilyList& out);
// windows_process_start_time: the process start time, Unix seconds, labelled as
// windows_process_start_time_seconds_timestamp (`id`: process, process_id), as v0.28-v0.30 wrote
// it. Part of each exported process's series (per-process series are opt-in).
void appendLegacyProcessStartTime(double start_time, const Labels& id, FamilyList& out);

// windows_os_time: the wall clock at the scrape, in whole seconds, as windows_exporter read it at
// each scrape, so `windows_os_time - time()` still shows the host's clock offset.
inline constexpr const char* kLegacyTimeFamily = "windows_os_time";
void appendLegacyTimeMetric(double wall_now, FamilyList& out);

}  // namespace sysmetrics
