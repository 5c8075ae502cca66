#include "http/prometheus/collect_selection.h"

#include <algorithm>

#include "config/exporter_names.h"

namespace sysmetrics {

bool CollectorFilter::admits(const std::string& family) const {
    if (whole) {
        return true;
    }
    const std::string theirs = exporterCollectorOfFamily(family);
    return !theirs.empty() && std::find(exporter_collectors.begin(), exporter_collectors.end(),
                                        theirs) != exporter_collectors.end();
}

ConfigResult<CollectSelection> resolveCollect(const std::vector<std::string>& collect,
                                              const std::vector<std::string>& ours,
                                              const Snapshot& snapshot, MetricNaming naming) {
    CollectSelection selection;
    selection.everything = collect.empty();
    for (const auto& name : collect) {
        const bool is_ours = std::find(ours.begin(), ours.end(), name) != ours.end();
        const ExporterCollector* theirs = findExporterCollector(name);
        if (!is_ours && !theirs) {
            return ConfigError{
                "collect[]: unknown collector '" + name + "' (sysmetrics: " + joinedNames(ours) +
                "; windows_exporter's: " + joinedNames(exporterCollectorNames()) + ")"};
        }
        const bool enabled = snapshot.status.count(name) > 0;
        if (is_ours && !enabled && !theirs) {
            return ConfigError{"collect[]: '" + name + "' is not an enabled collector"};
        }
        if (is_ours && enabled) {
            selection.collectors[name].whole = true;
        }
        if (theirs) {
            for (const auto& collector : theirs->ours) {
                if (snapshot.status.count(collector) == 0) {
                    continue;
                }
                CollectorFilter& filter = selection.collectors[collector];
                filter.whole = filter.whole || naming != MetricNaming::windows;
                filter.exporter_collectors.push_back(name);
            }
        }
    }
    return selection;
}

}  // namespace sysmetrics
