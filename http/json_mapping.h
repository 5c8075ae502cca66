#pragma once

#include <nlohmann/json.hpp>

#include "collectors/collector_status.h"
#include "collectors/cpu.h"
#include "collectors/memory.h"
#include "collectors/system.h"
#include "http/runtime_info.h"

namespace sysmetrics {

// REST shapes are frozen once published: fields may be added, never renamed or retyped.
// A value the OS did not give is present as null.
nlohmann::json toJson(const MemorySection& memory);
nlohmann::json toJson(const SystemSection& system, const RuntimeInfo& runtime);
nlohmann::json toJson(const CollectorStatus& status, double now);
nlohmann::json toJson(const CpuSection& cpu);

}  // namespace sysmetrics
