#pragma once

#include "collectors/cpu.h"
#include "collectors/memory.h"
#include "collectors/system.h"
#include "http/host_metrics.h"

namespace sysmetrics {

void appendMemoryMetrics(const MemorySection& memory, MetricNaming naming, FamilyList& out);
void appendSystemMetrics(const SystemSection& system, MetricNaming naming, FamilyList& out);
void appendCpuMetrics(const CpuSection& cpu, MetricNaming naming, FamilyList& out);

}  // namespace sysmetrics
