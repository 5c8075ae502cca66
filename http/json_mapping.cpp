#include "http/json_mapping.h"

#include <optional>

namespace sysmetrics {

namespace {

using nlohmann::json;

template <typename T>
json orNull(const std::optional<T>& value) {
    return value ? json(*value) : json(nullptr);
}

json timeOrNull(double unix_seconds) {
    return unix_seconds > 0 ? json(unix_seconds) : json(nullptr);
}

}  // namespace

json toJson(const MemorySection& m) {
    return {
        {"collected_at", m.collected_at},
        {"physical_total_bytes", m.physical_total_bytes},
        {"physical_available_bytes", m.physical_available_bytes},
        {"physical_free_bytes", orNull(m.physical_free_bytes)},
        {"load_percent", orNull(m.load_percent)},
        {"commit_total_bytes", orNull(m.commit_total_bytes)},
        {"commit_limit_bytes", orNull(m.commit_limit_bytes)},
        {"commit_peak_bytes", orNull(m.commit_peak_bytes)},
        {"swap_total_bytes", orNull(m.swap_total_bytes)},
        {"swap_free_bytes", orNull(m.swap_free_bytes)},
        {"system_cache_bytes", orNull(m.system_cache_bytes)},
        {"kernel_paged_pool_bytes", orNull(m.kernel_paged_bytes)},
        {"kernel_nonpaged_pool_bytes", orNull(m.kernel_nonpaged_bytes)},
        {"buffers_bytes", orNull(m.buffers_bytes)},
    };
}

json toJson(const SystemSection& s, const RuntimeInfo& runtime) {
    return {
        {"collected_at", s.collected_at},
        {"hostname", s.hostname},
        {"domain", s.domain},
        {"fqdn", s.fqdn},
        {"os",
         {{"family", s.os_family},
          {"product", s.os_product},
          {"version", s.os_version},
          {"major", s.os_major},
          {"minor", s.os_minor},
          {"build", s.os_build},
          {"architecture", s.architecture}}},
        {"boot_time", s.boot_time},
        {"uptime_seconds", s.uptime_seconds},
        {"logical_cpus", s.logical_cpus},
        {"processes", s.processes},
        {"threads", s.threads},
        {"handles", orNull(s.handles)},
        {"service",
         {{"version", runtime.version},
          {"platform", runtime.platform},
          {"started_at", runtime.started_at},
          {"debug_privilege", runtime.debug_privilege},
          {"config_path", runtime.config_path},
          {"listen", runtime.listen}}},
    };
}

json toJson(const CollectorStatus& status, double now) {
    return {
        {"name", status.name},
        {"state", collectorStateName(status.state)},
        {"interval_seconds", status.interval_seconds},
        {"last_success", timeOrNull(status.last_success)},
        {"last_attempt", timeOrNull(status.last_attempt)},
        {"age_seconds", status.last_success > 0 ? json(now - status.last_success) : json(nullptr)},
        {"duration_seconds", status.duration_seconds},
        {"last_error", status.last_error.empty() ? json(nullptr) : json(status.last_error)},
        {"runs_total", status.runs_total},
        {"failures_total", status.failures_total},
        {"consecutive_failures", status.consecutive_failures},
        {"notes", status.notes},
    };
}

}  // namespace sysmetrics
