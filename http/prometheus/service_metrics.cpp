// Windows service families (windows_service_*).
#include <algorithm>
#include <cmath>

#include "collectors/process.h"
#include "config/service_settings.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/exporter_labels.h"

namespace sysmetrics {

namespace {

const ProcessInfo* processById(const ProcessSection* section, std::uint32_t pid) {
    if (!section) {
        return nullptr;
    }
    auto it = std::lower_bound(
        section->processes.begin(), section->processes.end(), pid,
        [](const ProcessInfo& process, std::uint32_t wanted) { return process.pid < wanted; });
    return it != section->processes.end() && it->pid == pid ? &*it : nullptr;
}

}  // namespace

void appendServiceMetrics(const ServiceSection& section, const RenderContext& context,
                          FamilyList& out) {
    const auto& settings = context.settings.get<ServiceSettings>();
    const ProcessSection* processes =
        context.snapshot ? context.snapshot->get<ProcessSection>().get() : nullptr;
    for (const auto& s : section.services) {
        if ((settings.include && !settings.include->search(s.name)) ||
            (settings.exclude && settings.exclude->search(s.name))) {
            continue;
        }
        out.info("windows_service_info",
                 "Service names, binary path and account (QueryServiceConfigW).",
                 {{"name", s.name},
                  {"display_name", s.display_name},
                  {"path_name", s.path},
                  {"run_as", s.account}});
        for (const auto& state : kServiceStates) {
            out.gauge("windows_service_state",
                      "1 for the service's current state, 0 for the others.",
                      s.state == state ? 1 : 0,
                      {{"name", s.name}, {"state", exporterServiceState(state)}});
        }
        // A configuration that could not be read has no start mode: no series rather than a
        // wrong one (windows_exporter emits none for such a service either).
        const bool mode_known = std::find(kServiceStartTypes.begin(), kServiceStartTypes.end(),
                                          s.start_type) != kServiceStartTypes.end();
        for (std::size_t i = 0; mode_known && i < kServiceStartTypes.size(); i++) {
            const std::string& mode = kServiceStartTypes[i];
            out.gauge("windows_service_start_mode",
                      "1 for the service's start mode, 0 for the others.",
                      s.start_type == mode ? 1 : 0, {{"name", s.name}, {"start_mode", mode}});
        }
        // As windows_exporter: the value is the process's start time in whole seconds, and the
        // series is left out when that is unknown. The services read gives it (Windows); where
        // it does not, the processes collector's table, when it has seen the process.
        const ProcessInfo* process =
            s.pid != 0 && s.process_start_time <= 0 ? processById(processes, s.pid) : nullptr;
        const double started = s.process_start_time > 0 ? s.process_start_time
                               : process                ? process->create_time
                                                        : 0;
        if (s.pid != 0 && started > 0) {
            out.gauge("windows_service_process",
                      "Start time of the service's process, Unix seconds, by process id.",
                      std::floor(started),
                      {{"name", s.name}, {"process_id", std::to_string(s.pid)}});
        }
    }
}

}  // namespace sysmetrics
