#include "http/rest/json_mapping.h"

#include "http/rest/section_lookup.h"

#include <algorithm>
#include <optional>

namespace sysmetrics {

namespace {

using nlohmann::json;

json timeOrNull(double unix_seconds) {
    return unix_seconds > 0 ? json(unix_seconds) : json(nullptr);
}

json modeMap(const ModeValues& values) {
    json out = json::object();
    for (const auto& value : values) {
        out[value.mode] = value.value;
    }
    return out;
}

json usageJson(const std::optional<CpuUsage>& usage) {
    if (!usage) {
        return {{"busy_percent", nullptr}, {"percent", nullptr}};
    }
    return {{"busy_percent", usage->busy_percent}, {"percent", modeMap(usage->percent)}};
}

}  // namespace

json toJson(const CpuSection& cpu) {
    const CpuSample& s = cpu.sample;
    ModeValues total_seconds;
    json cores = json::array();
    for (std::size_t c = 0; c < s.cores.size(); c++) {
        const CoreTimes& core = s.cores[c];
        addModeValues(total_seconds, core.seconds);
        json entry = usageJson(c < cpu.core_usage.size() ? cpu.core_usage[c] : std::nullopt);
        entry["id"] = core.id;
        entry["seconds"] = modeMap(core.seconds);
        entry["interrupts"] = orNull(core.interrupts);
        entry["dpcs"] = orNull(core.dpcs);
        entry["frequency_mhz"] = orNull(core.frequency_mhz);
        cores.push_back(std::move(entry));
    }
    json total = usageJson(cpu.total_usage);
    total["seconds"] = modeMap(total_seconds);
    json packages = json::array();
    for (const auto& p : s.info.packages) {
        packages.push_back({{"device_id", p.device_id},
                            {"name", p.name},
                            {"description", p.description},
                            {"architecture", p.architecture},
                            {"family", p.family},
                            {"cores", p.cores},
                            {"enabled_cores", p.enabled_cores},
                            {"logical_processors", p.logical_processors},
                            {"threads", p.threads},
                            {"l2_cache_kib", orNull(p.l2_cache_kib)},
                            {"l3_cache_kib", orNull(p.l3_cache_kib)}});
    }
    json load = nullptr;
    if (s.load1 && s.load5 && s.load15) {
        load = {{"1m", *s.load1}, {"5m", *s.load5}, {"15m", *s.load15}};
    }
    return {
        {"collected_at", cpu.collected_at},
        {"interval_seconds", cpu.interval_seconds > 0 ? json(cpu.interval_seconds) : json(nullptr)},
        {"modes", modeNames(total_seconds)},
        {"total", total},
        {"cores", cores},
        {"counters",
         {{"context_switches", orNull(s.context_switches)},
          {"system_calls", orNull(s.system_calls)},
          {"interrupts", orNull(s.interrupts)},
          {"exception_dispatches", orNull(s.exception_dispatches)},
          {"processes_created", orNull(s.processes_created)}}},
        {"counters_per_second",
         {{"context_switches", orNull(cpu.counter_rates.context_switches)},
          {"system_calls", orNull(cpu.counter_rates.system_calls)},
          {"interrupts", orNull(cpu.counter_rates.interrupts)},
          {"exception_dispatches", orNull(cpu.counter_rates.exception_dispatches)},
          {"processes_created", orNull(cpu.counter_rates.processes_created)}}},
        {"procs_running", orNull(s.procs_running)},
        {"procs_blocked", orNull(s.procs_blocked)},
        {"processor_queue_length", orNull(s.processor_queue_length)},
        {"load_average", load},
        {"processor_utility_percent", orNull(s.processor_utility_percent)},
        {"processor_performance_percent", orNull(s.processor_performance_percent)},
        {"info",
         {{"model_name", s.info.model_name},
          {"logical_processors", s.info.logical_processors},
          {"physical_cores", orNull(s.info.physical_cores)},
          {"sockets", orNull(s.info.sockets)},
          {"numa_nodes", orNull(s.info.numa_nodes)},
          {"base_mhz", orNull(s.info.base_mhz)},
          {"packages", packages}}},
    };
}

json toJson(const ProcessInfo& p) {
    const ProcessDetails* d = p.details.get();
    const auto detail = [&](const std::optional<std::string> ProcessDetails::*field) {
        return d ? orNull(d->*field) : json(nullptr);
    };
    return {
        {"pid", p.pid},
        {"ppid", p.ppid},
        {"name", p.name},
        {"exe", detail(&ProcessDetails::exe)},
        {"cmdline", detail(&ProcessDetails::cmdline)},
        {"owner", detail(&ProcessDetails::owner)},
        {"process_group_id", d ? orNull(d->process_group_id) : json(nullptr)},
        {"create_time", p.create_time},
        {"state", orNull(p.state)},
        {"cpu_user_seconds", p.user_seconds},
        {"cpu_kernel_seconds", p.kernel_seconds},
        {"cpu_seconds", p.user_seconds + p.kernel_seconds},
        {"cpu_percent", orNull(p.cpu_percent)},
        {"cpu_percent_total", orNull(p.cpu_percent_total)},
        {"memory_percent", p.memory_percent},
        {"working_set_bytes", p.working_set_bytes},
        {"working_set_peak_bytes", orNull(p.working_set_peak_bytes)},
        {"working_set_private_bytes", orNull(p.working_set_private_bytes)},
        {"private_bytes", orNull(p.private_bytes)},
        {"virtual_bytes", p.virtual_bytes},
        {"virtual_peak_bytes", orNull(p.virtual_peak_bytes)},
        {"page_file_bytes", orNull(p.page_file_bytes)},
        {"page_faults", orNull(p.page_faults)},
        {"major_page_faults", orNull(p.major_page_faults)},
        {"paged_pool_bytes", orNull(p.paged_pool_bytes)},
        {"nonpaged_pool_bytes", orNull(p.nonpaged_pool_bytes)},
        {"io_read_bytes", orNull(p.io_read_bytes)},
        {"io_write_bytes", orNull(p.io_write_bytes)},
        {"io_other_bytes", orNull(p.io_other_bytes)},
        {"io_read_ops", orNull(p.io_read_ops)},
        {"io_write_ops", orNull(p.io_write_ops)},
        {"io_other_ops", orNull(p.io_other_ops)},
        {"io_read_bytes_per_second", orNull(p.io_read_bytes_per_second)},
        {"io_write_bytes_per_second", orNull(p.io_write_bytes_per_second)},
        {"io_bytes_per_second", p.io_read_bytes_per_second || p.io_write_bytes_per_second
                                    ? json(p.io_read_bytes_per_second.value_or(0) +
                                           p.io_write_bytes_per_second.value_or(0))
                                    : json(nullptr)},
        {"handles", orNull(p.handles)},
        {"thread_count", p.thread_count},
        {"base_priority", p.base_priority},
        {"nice", orNull(p.nice)},
        {"session_id", orNull(p.session_id)},
        {"uid", orNull(p.uid)},
        {"access_denied", d ? json(d->access_denied) : json::array()},
    };
}

const std::set<std::string>& processFieldNames() {
    static const std::set<std::string> names = [] {
        std::set<std::string> keys;
        const json sample = toJson(ProcessInfo{});
        for (auto it = sample.begin(); it != sample.end(); ++it) {
            keys.insert(it.key());
        }
        return keys;
    }();
    return names;
}

json toJson(const ThreadInfo& t) {
    return {
        {"tid", t.tid},
        {"state", t.state.text()},
        {"wait_reason", t.wait_reason ? json(windowsWaitReason(*t.wait_reason)) : json(nullptr)},
        {"priority", t.priority},
        {"base_priority", t.base_priority},
        {"user_seconds", t.user_seconds},
        {"kernel_seconds", t.kernel_seconds},
        {"create_time", orNull(t.create_time)},
        {"start_address", orNull(t.start_address)},
        {"context_switches", orNull(t.context_switches)},
    };
}

json toJson(const SelfSection& self) {
    return {{"collected_at", self.collected_at},     {"resident_bytes", self.resident_bytes},
            {"os_handles", orNull(self.os_handles)}, {"nt_handles", orNull(self.nt_handles)},
            {"cpu_seconds", self.cpu_seconds},       {"threads", orNull(self.threads)}};
}

json toJson(const TcpSection& tcp) {
    json families = json::array();
    for (const auto& f : tcp.families) {
        families.push_back({{"family", f.family},
                            {"source", f.source},
                            {"active_opens", f.active_opens},
                            {"passive_opens", f.passive_opens},
                            {"attempt_fails", f.attempt_fails},
                            {"estab_resets", f.estab_resets},
                            {"curr_estab", f.curr_estab},
                            {"in_segs", f.in_segs},
                            {"out_segs", f.out_segs},
                            {"retrans_segs", f.retrans_segs},
                            {"in_errs", f.in_errs},
                            {"out_rsts", f.out_rsts}});
    }
    json udp = json::array();
    for (const auto& u : tcp.udp) {
        udp.push_back({{"family", u.family},
                       {"source", u.source},
                       {"in_datagrams", u.in_datagrams},
                       {"no_ports", u.no_ports},
                       {"in_errors", u.in_errors},
                       {"out_datagrams", u.out_datagrams},
                       {"receive_buffer_errors", orNull(u.receive_buffer_errors)},
                       {"send_buffer_errors", orNull(u.send_buffer_errors)}});
    }
    return {{"collected_at", tcp.collected_at},
            {"families", std::move(families)},
            {"udp", std::move(udp)}};
}

json toJson(const ThermalZoneSection& thermal) {
    json zones = json::array();
    for (const auto& z : thermal.zones) {
        zones.push_back({{"name", z.name},
                         {"type", z.type},
                         {"temperature_celsius", orNull(z.temperature_celsius)},
                         {"percent_passive_limit", orNull(z.percent_passive_limit)},
                         {"throttle_reasons", orNull(z.throttle_reasons)}});
    }
    return {{"collected_at", thermal.collected_at}, {"zones", std::move(zones)}};
}

json toJson(const MemorySection& m) {
    return {
        {"collected_at", m.collected_at},
        {"physical_total_bytes", m.physical_total_bytes},
        {"physical_available_bytes", m.physical_available_bytes},
        {"physical_free_bytes", orNull(m.physical_free_bytes)},
        // A float like every percent: the in-use share of physical memory (Windows' own
        // dwMemoryLoad, an integer, only when the total is unknown).
        {"load_percent",
         m.physical_total_bytes > 0
             ? json(100.0 *
                    double(m.physical_total_bytes -
                           std::min(m.physical_available_bytes, m.physical_total_bytes)) /
                    double(m.physical_total_bytes))
             : orNull(m.load_percent)},
        {"commit_total_bytes", orNull(m.commit_total_bytes)},
        {"commit_limit_bytes", orNull(m.commit_limit_bytes)},
        {"commit_peak_bytes", orNull(m.commit_peak_bytes)},
        {"swap_total_bytes", orNull(m.swap_total_bytes)},
        {"swap_free_bytes", orNull(m.swap_free_bytes)},
        {"system_cache_bytes", orNull(m.system_cache_bytes)},
        {"kernel_paged_pool_bytes", orNull(m.kernel_paged_bytes)},
        {"kernel_nonpaged_pool_bytes", orNull(m.kernel_nonpaged_bytes)},
        {"buffers_bytes", orNull(m.buffers_bytes)},
        // Windows: PDH Memory counters (counts cumulative since boot; null where absent).
        {"page_faults", orNull(m.page_faults)},
        {"cache_faults", orNull(m.cache_faults)},
        {"demand_zero_faults", orNull(m.demand_zero_faults)},
        {"transition_faults", orNull(m.transition_faults)},
        {"transition_pages_repurposed", orNull(m.transition_pages_repurposed)},
        {"write_copies", orNull(m.write_copies)},
        {"page_read_operations", orNull(m.page_read_operations)},
        {"pages_read", orNull(m.pages_read)},
        {"page_write_operations", orNull(m.page_write_operations)},
        {"pages_written", orNull(m.pages_written)},
        {"pages_read_or_written", orNull(m.pages_read_or_written)},
        {"pool_paged_allocs", orNull(m.pool_paged_allocs)},
        {"pool_nonpaged_allocs", orNull(m.pool_nonpaged_allocs)},
        {"free_system_page_table_entries", orNull(m.free_system_page_table_entries)},
        {"cache_peak_bytes", orNull(m.cache_peak_bytes)},
        {"pool_paged_resident_bytes", orNull(m.pool_paged_resident_bytes)},
        {"system_cache_resident_bytes", orNull(m.system_cache_resident_bytes)},
        {"system_code_resident_bytes", orNull(m.system_code_resident_bytes)},
        {"system_code_total_bytes", orNull(m.system_code_total_bytes)},
        {"system_driver_resident_bytes", orNull(m.system_driver_resident_bytes)},
        {"system_driver_total_bytes", orNull(m.system_driver_total_bytes)},
        {"free_and_zero_page_list_bytes", orNull(m.free_and_zero_page_list_bytes)},
        {"modified_page_list_bytes", orNull(m.modified_page_list_bytes)},
        {"standby_cache_core_bytes", orNull(m.standby_cache_core_bytes)},
        {"standby_cache_normal_priority_bytes", orNull(m.standby_cache_normal_priority_bytes)},
        {"standby_cache_reserve_bytes", orNull(m.standby_cache_reserve_bytes)},
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

json toJson(const CollectorStatus& status, double, double steady_now) {
    const double age = collectorAgeSeconds(status, steady_now);
    return {
        {"name", status.name},
        {"state", collectorStateName(status.state)},
        {"interval_seconds", status.interval_seconds},
        {"idle_interval_seconds", status.idle_interval_seconds},
        {"idle", status.idle},
        {"paced_seconds", status.paced_seconds > 0 ? json(status.paced_seconds) : json(nullptr)},
        {"last_read", timeOrNull(status.last_read)},
        {"last_success", timeOrNull(status.last_success)},
        {"last_attempt", timeOrNull(status.last_attempt)},
        {"age_seconds", status.last_success_steady > 0 ? json(age) : json(nullptr)},
        // A first collection that has not returned: how long it has been running.
        {"running_seconds",
         status.last_success_steady <= 0 && age >= 0 ? json(age) : json(nullptr)},
        {"duration_seconds", status.duration_seconds},
        {"last_error", status.last_error.empty() ? json(nullptr) : json(status.last_error)},
        {"runs_total", status.runs_total},
        {"failures_total", status.failures_total},
        {"consecutive_failures", status.consecutive_failures},
        {"notes", status.notes},
    };
}

}  // namespace sysmetrics
