#include "http/prometheus/exporter_self_metrics.h"

#include <algorithm>

#include "collectors/textfile.h"
#include "config/exporter_names.h"

namespace sysmetrics {

namespace {

bool selectsFamiliesOf(const CollectSelection& selection, const std::string& ours,
                       const std::string& theirs) {
    if (selection.everything) {
        return true;
    }
    const CollectorFilter* filter = selection.filterOf(ours);
    if (!filter) {
        return false;
    }
    const auto& names = filter->exporter_collectors;
    return filter->whole || std::find(names.begin(), names.end(), theirs) != names.end();
}

// windows_exporter (v0.30+) fails its textfile collector for a file or folder it cannot read or
// parse, and says so only here; ours serves the rest and notes it, so its state stays ok.
bool textfileHasErrors(const Snapshot& snapshot) {
    const auto section = snapshot.get<TextfileSection>();
    return section && (!section->directory_errors.empty() ||
                       std::any_of(section->files.begin(), section->files.end(),
                                   [](const TextfileInfo& file) { return !file.error.empty(); }));
}

bool timedOut(const CollectorStatus& status, double steady_now) {
    return status.running_since_steady > 0 &&
           steady_now - status.running_since_steady > currentIntervalSeconds(status);
}

}  // namespace

void appendExporterCollectorStatus(const Snapshot& snapshot, const CollectSelection& selection,
                                   double steady_now, FamilyList& out) {
    for (const ExporterCollector& theirs : exporterCollectors()) {
        // textfile and performancecounter have the same name here and no entry of ours. (No
        // copy of the list: this runs at every scrape.)
        const bool same_name = theirs.ours.empty();
        const std::string* const ours = same_name ? &theirs.name : theirs.ours.data();
        const std::size_t count = same_name ? 1 : theirs.ours.size();
        bool any = false, success = true, timeout = false;
        double duration = 0;
        for (const std::string* name_at = ours; name_at != ours + count; name_at++) {
            const std::string& name = *name_at;
            const auto status = snapshot.status.find(name);
            if (status == snapshot.status.end() ||
                !selectsFamiliesOf(selection, name, theirs.name)) {
                continue;
            }
            const CollectorStatus& s = status->second;
            any = true;
            timeout |= timedOut(s, steady_now);
            success &= s.state == CollectorState::ok || s.state == CollectorState::unsupported;
            duration += s.duration_seconds;
        }
        if (!any) {
            continue;
        }
        if (theirs.name == TextfileSection::kName) {
            success &= !textfileHasErrors(snapshot);
        }
        const Labels labels = {{"collector", theirs.name}};
        out.gauge("windows_exporter_collector_success",
                  "windows_exporter: Whether the collector was successful.",
                  success && !timeout ? 1 : 0, labels);
        out.gauge("windows_exporter_collector_timeout",
                  "windows_exporter: Whether the collector timed out.", timeout ? 1 : 0, labels);
        out.gauge("windows_exporter_collector_duration_seconds",
                  "windows_exporter: Duration of a collection.", duration, labels);
    }
}

}  // namespace sysmetrics
