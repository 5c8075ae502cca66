#include <algorithm>

#include "config/process_settings.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/exporter_labels.h"
#include "http/prometheus/legacy_metrics.h"

namespace sysmetrics {

namespace {

struct Names {
    const char* info;
    const char* start_time;
    const char* cpu;
    const char* cpu_kernel_mode;
    const char* threads;
    const char* working_set;
    const char* working_set_peak;
    const char* virtual_bytes;
    const char* page_faults;
    const char* io_bytes;
    const char* io_ops;
    const char* priority;
};

const Names kWindows = {"windows_process_info",
                        "windows_process_start_time_seconds_timestamp",
                        "windows_process_cpu_time_total",
                        "privileged",
                        "windows_process_threads",
                        "windows_process_working_set_bytes",
                        "windows_process_working_set_peak_bytes",
                        "windows_process_virtual_bytes",
                        "windows_process_page_faults_total",
                        "windows_process_io_bytes_total",
                        "windows_process_io_operations_total",
                        "windows_process_priority_base"};

const Names kLinux = {"sysmetrics_process_info",
                      "sysmetrics_process_start_time_seconds",
                      "sysmetrics_process_cpu_seconds_total",
                      "system",
                      "sysmetrics_process_threads",
                      "sysmetrics_process_resident_memory_bytes",
                      "sysmetrics_process_resident_memory_peak_bytes",
                      "sysmetrics_process_virtual_memory_bytes",
                      "sysmetrics_process_page_faults_total",
                      "sysmetrics_process_io_bytes_total",
                      "sysmetrics_process_io_operations_total",
                      "sysmetrics_process_priority"};

double number(std::uint64_t value) {
    return static_cast<double>(value);
}

void appendOne(const ProcessInfo& p, const Names& n, bool windows, bool cmdline_label,
               bool legacy_names, FamilyList& out) {
    const std::string pid = std::to_string(p.pid);
    const Labels id = {{"process", windows ? exporterProcessLabel(p.name, p.pid) : p.name},
                       {"process_id", pid}};
    auto with = [&](const char* key, const std::string& value) {
        Labels labels = id;
        labels.emplace_back(key, value);
        return labels;
    };
    Labels info = id;
    info.emplace_back("creating_process_id", std::to_string(p.ppid));
    if (windows) {
        // windows_exporter writes 0 for a process whose parameters it cannot read.
        const std::uint32_t group = p.details ? p.details->process_group_id.value_or(0) : 0;
        info.emplace_back("process_group_id", std::to_string(group));
    }
    const std::string owner = p.details && p.details->owner ? *p.details->owner : "";
    info.emplace_back("owner", windows ? exporterOwner(owner) : owner);
    if (cmdline_label) {
        info.emplace_back("cmdline", p.details && p.details->cmdline ? *p.details->cmdline : "");
    }
    out.info(n.info,
             windows ? "Process identity: parent, process group, owner (and command line when "
                       "enabled)."
                     : "Process identity: parent, owner (and command line when enabled).",
             info);
    out.gauge(n.start_time, "Process start time, Unix seconds.", p.create_time, id);
    if (windows && legacy_names) {
        appendLegacyProcessStartTime(p.create_time, id, out);
    }
    out.counter(n.cpu, "CPU time used by the process, seconds, by mode.", p.user_seconds,
                with("mode", "user"));
    out.counter(n.cpu, "CPU time used by the process, seconds, by mode.", p.kernel_seconds,
                with("mode", n.cpu_kernel_mode));
    out.gauge(n.threads, "Threads of the process.", p.thread_count, id);
    out.gauge(n.working_set, "Physical memory in use by the process (working set / RSS).",
              number(p.working_set_bytes), id);
    if (p.working_set_peak_bytes) {
        out.gauge(n.working_set_peak, "Peak physical memory of the process.",
                  number(*p.working_set_peak_bytes), id);
    }
    out.gauge(n.virtual_bytes, "Virtual address space of the process.", number(p.virtual_bytes),
              id);
    out.gauge(n.priority,
              windows ? "Base priority of the process." : "Kernel priority of the process.",
              p.base_priority, id);
    if (windows) {
        if (p.handles) {
            out.gauge("windows_process_handles", "Open handles of the process.", *p.handles, id);
        }
        if (p.working_set_private_bytes) {
            out.gauge("windows_process_working_set_private_bytes",
                      "Working set that only this process uses.",
                      number(*p.working_set_private_bytes), id);
        }
        if (p.private_bytes) {
            out.gauge("windows_process_private_bytes", "Private (committed) memory of the process.",
                      number(*p.private_bytes), id);
        }
        if (p.page_file_bytes) {
            out.gauge("windows_process_page_file_bytes", "Page file usage of the process.",
                      number(*p.page_file_bytes), id);
        }
        if (p.paged_pool_bytes) {
            out.gauge("windows_process_pool_bytes", "Kernel pool charged to the process.",
                      number(*p.paged_pool_bytes), with("pool", "paged"));
        }
        if (p.nonpaged_pool_bytes) {
            out.gauge("windows_process_pool_bytes", "Kernel pool charged to the process.",
                      number(*p.nonpaged_pool_bytes), with("pool", "nonpaged"));
        }
        if (p.page_faults) {
            out.counter(n.page_faults, "Page faults of the process.", number(*p.page_faults), id);
        }
    } else {
        if (p.page_faults) {
            out.counter(n.page_faults, "Page faults of the process, by type.",
                        number(*p.page_faults), with("type", "minor"));
        }
        if (p.major_page_faults) {
            out.counter(n.page_faults, "Page faults of the process, by type.",
                        number(*p.major_page_faults), with("type", "major"));
        }
        if (p.page_file_bytes) {
            out.gauge("sysmetrics_process_swap_bytes", "Swapped-out memory of the process.",
                      number(*p.page_file_bytes), id);
        }
    }
    const struct {
        const char* mode;
        const std::optional<std::uint64_t>& bytes;
        const std::optional<std::uint64_t>& ops;
    } io[] = {{"read", p.io_read_bytes, p.io_read_ops},
              {"write", p.io_write_bytes, p.io_write_ops},
              {"other", p.io_other_bytes, p.io_other_ops}};
    for (const auto& entry : io) {
        if (entry.bytes) {
            out.counter(n.io_bytes, "Bytes the process read, wrote or otherwise transferred.",
                        number(*entry.bytes), with("mode", entry.mode));
        }
    }
    for (const auto& entry : io) {
        if (entry.ops) {
            out.counter(n.io_ops, "I/O operations of the process, by mode.", number(*entry.ops),
                        with("mode", entry.mode));
        }
    }
}

}  // namespace

std::vector<const ProcessInfo*> selectExportedProcesses(const ProcessSection& section,
                                                        const ProcessSettings& rules) {
    std::vector<const ProcessInfo*> selected;
    selected.reserve(section.processes.size());
    for (const auto& p : section.processes) {
        if (rules.include && !rules.include->search(p.name)) {
            continue;
        }
        if (rules.exclude && rules.exclude->search(p.name)) {
            continue;
        }
        selected.push_back(&p);
    }
    if (rules.limit > 0 && selected.size() > rules.limit) {
        const auto heavier = [&](const ProcessInfo* a, const ProcessInfo* b) {
            if (rules.limit_by_memory) {
                return a->working_set_bytes > b->working_set_bytes;
            }
            return a->cpu_percent.value_or(0) > b->cpu_percent.value_or(0);
        };
        std::partial_sort(selected.begin(), selected.begin() + rules.limit, selected.end(),
                          heavier);
        selected.resize(rules.limit);
        std::sort(selected.begin(), selected.end(),
                  [](const ProcessInfo* a, const ProcessInfo* b) { return a->pid < b->pid; });
    }
    return selected;
}

void appendProcessMetrics(const ProcessSection& section, const RenderContext& context,
                          FamilyList& out) {
    const bool windows = context.naming == MetricNaming::windows;
    const Names& names = windows ? kWindows : kLinux;
    const auto& settings = context.settings.get<ProcessSettings>();
    const auto selected = settings.perProcessSeries() ? selectExportedProcesses(section, settings)
                                                      : std::vector<const ProcessInfo*>();
    for (const ProcessInfo* p : selected) {
        appendOne(*p, names, windows, settings.cmdline_label, context.legacy_names, out);
    }
    out.gauge("sysmetrics_process_seen", "Processes in the last listing.",
              number(section.stats.seen));
    out.gauge("sysmetrics_process_exported",
              "Processes exported as series after per_process, include, exclude and limit.",
              number(selected.size()));
    out.gauge("sysmetrics_process_excluded",
              "Processes left out of the series by per_process, include, exclude or limit.",
              number(section.processes.size() - selected.size()));
    out.gauge("sysmetrics_process_details_opened_last_cycle",
              "Processes opened in the last cycle for exe, command line and owner (new ones only).",
              number(section.stats.details_opened));
    out.counter("sysmetrics_process_details_opened_total", "Processes opened for details.",
                number(section.details_opened_total));
    out.counter("sysmetrics_process_access_denied_total",
                "Processes, or /proc files, that refused some detail (the row keeps the rest).",
                number(section.access_denied_total));
    out.gauge("sysmetrics_process_cycle_seconds", "Duration of the last process collection.",
              section.stats.cycle_seconds);
}

std::vector<std::string> processMetricsReads(const SettingsMap& settings) {
    if (settings.get<ProcessSettings>().perProcessSeries()) {
        return {ProcessSection::kName};
    }
    return {};
}

}  // namespace sysmetrics
