#pragma once

#include "collectors/cpu.h"
#include "collectors/battery.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/self.h"
#include "collectors/service.h"
#include "collectors/network.h"
#include "collectors/process.h"
#include "collectors/system.h"
#include "http/host_metrics.h"

namespace sysmetrics {

void appendMemoryMetrics(const MemorySection& memory, MetricNaming naming, FamilyList& out);
void appendSystemMetrics(const SystemSection& system, MetricNaming naming, FamilyList& out);
void appendCpuMetrics(const CpuSection& cpu, MetricNaming naming, FamilyList& out);
void appendConnectionMetrics(const ConnectionSection& section, MetricNaming naming,
                             FamilyList& out);
void appendNetworkMetrics(const NetworkSection& section, MetricNaming naming, FamilyList& out);
// Opt-in: connections per process and state, named from the processes section when present.
void appendProcessConnectionMetrics(const ConnectionSection& connections,
                                    const ProcessSection* processes, FamilyList& out);
void appendBatteryMetrics(const BatterySection& battery, MetricNaming naming, FamilyList& out);
void appendDiskMetrics(const DiskSection& disks, MetricNaming naming, FamilyList& out);
void appendServiceMetrics(const ServiceSection& services, const RenderContext& context,
                          FamilyList& out);
void appendSelfMetrics(const SelfSection& self, MetricNaming naming, FamilyList& out);
void appendProcessMetrics(const ProcessSection& processes, const RenderContext& context,
                          FamilyList& out);

// The processes that become series: include/exclude on the name, then the limit.
std::vector<const ProcessInfo*> selectExportedProcesses(const ProcessSection& section,
                                                        const ProcessExport& rules);

}  // namespace sysmetrics
