#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>

#include "collectors/collector_status.h"
#include "collectors/cpu.h"
#include "collectors/memory.h"
#include "collectors/process.h"
#include "collectors/self.h"
#include "collectors/system.h"
#include "collectors/tcp.h"
#include "collectors/thermalzone.h"
#include "http/runtime_info.h"

namespace sysmetrics {

// REST shapes are frozen once published: fields may be added, never renamed or retyped.
// A value the OS did not give is present as null.
nlohmann::json toJson(const MemorySection& memory);
nlohmann::json toJson(const SystemSection& system, const RuntimeInfo& runtime);
// `steady_now` (steadySeconds()) measures ages; wall clock steps do not change them.
nlohmann::json toJson(const CollectorStatus& status, double now, double steady_now);
nlohmann::json toJson(const CpuSection& cpu);
nlohmann::json toJson(const SelfSection& self);
nlohmann::json toJson(const TcpSection& tcp);
nlohmann::json toJson(const ThermalZoneSection& thermal);
nlohmann::json toJson(const ProcessInfo& process);
nlohmann::json toJson(const ThreadInfo& thread);
// The keys of toJson(ProcessInfo), for `fields=` validation.
const std::set<std::string>& processFieldNames();

}  // namespace sysmetrics
