// Windows service families (windows_service_*).
#include <algorithm>

#include "config/service_settings.h"
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

void appendServiceMetrics(const ServiceSection& section, const RenderContext& context,
                          FamilyList& out) {
    const auto& settings = context.settings.get<ServiceSettings>();
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
                      s.state == state ? 1 : 0, {{"name", s.name}, {"state", state}});
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
        if (s.pid != 0) {
            out.gauge("windows_service_process", "Process id of a running service (value 1).", 1,
                      {{"name", s.name}, {"process_id", std::to_string(s.pid)}});
        }
    }
}

}  // namespace sysmetrics
