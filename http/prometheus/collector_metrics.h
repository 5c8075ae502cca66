#pragma once

#include "collectors/battery.h"
#include "collectors/cpu.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/network.h"
#include "collectors/pagefile.h"
#include "collectors/performancecounter.h"
#include "collectors/physical_disk.h"
#include "collectors/process.h"
#include "collectors/self.h"
#include "collectors/service.h"
#include "collectors/system.h"
#include "collectors/tcp.h"
#include "collectors/textfile.h"
#include "collectors/thermalzone.h"
#include "collectors/time.h"
#include "config/process_settings.h"
#include "http/prometheus/render_context.h"

namespace sysmetrics {

void appendMemoryMetrics(const MemorySection& memory, const RenderContext& context,
                         FamilyList& out);
void appendSystemMetrics(const SystemSection& system, const RenderContext& context,
                         FamilyList& out);
void appendCpuMetrics(const CpuSection& cpu, const RenderContext& context, FamilyList& out);
void appendConnectionMetrics(const ConnectionSection& section, const RenderContext& context,
                             FamilyList& out);
void appendNetworkMetrics(const NetworkSection& section, const RenderContext& context,
                          FamilyList& out);
// Opt-in (collectors.connections.per_process): connections per process and state, named from
// the processes section when present. Part of the connections exposition.
void appendProcessConnectionMetrics(const ConnectionSection& connections,
                                    const ProcessSection* processes, FamilyList& out);
// windows_exporter's tcp families (Windows) or node_exporter's node_netstat_Tcp_* (Linux).
void appendTcpMetrics(const TcpSection& tcp, const RenderContext& context, FamilyList& out);
void appendBatteryMetrics(const BatterySection& battery, const RenderContext& context,
                          FamilyList& out);
void appendDiskMetrics(const DiskSection& disks, const RenderContext& context, FamilyList& out);
void appendPhysicalDiskMetrics(const PhysicalDiskSection& disks, const RenderContext& context,
                               FamilyList& out);
void appendServiceMetrics(const ServiceSection& services, const RenderContext& context,
                          FamilyList& out);
void appendSelfMetrics(const SelfSection& self, const RenderContext& context, FamilyList& out);
void appendProcessMetrics(const ProcessSection& processes, const RenderContext& context,
                          FamilyList& out);
// The textfile collector's state per file, then the families of the files as rendered at
// collection (appended as text; a name already taken in `out` is skipped).
void appendTextfileMetrics(const TextfileSection& section, const RenderContext& context,
                           FamilyList& out);
void appendPerformanceCounterMetrics(const PerformanceCounterSection& section,
                                     const RenderContext& context, FamilyList& out);
void appendTimeMetrics(const TimeSection& time, const RenderContext& context, FamilyList& out);
void appendPagefileMetrics(const PagefileSection& pagefile, const RenderContext& context,
                           FamilyList& out);

// The clock now, which /metrics writes at each scrape (and remote write with each request) while
// the time collector runs: windows_time_current_timestamp_seconds or node_time_seconds.
const char* currentTimeFamily(MetricNaming naming);
void appendCurrentTimeMetric(MetricNaming naming, double wall_now, FamilyList& out);
// windows_exporter's thermalzone families (Windows) or node_exporter's node_thermal_zone_temp.
void appendThermalZoneMetrics(const ThermalZoneSection& section, const RenderContext& context,
                              FamilyList& out);

// What the processes and connections families read at /metrics: the processes section only
// while it exports per-process series (its own gauges alone do not keep it collecting), and the
// connections section plus the processes one for per-process connection counts.
std::vector<std::string> processMetricsReads(const SettingsMap& settings);
std::vector<std::string> connectionMetricsReads(const SettingsMap& settings);

// The processes that become series: include/exclude on the name, then the limit.
std::vector<const ProcessInfo*> selectExportedProcesses(const ProcessSection& section,
                                                        const ProcessSettings& rules);

}  // namespace sysmetrics
