#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/config_error.h"
#include "collectors/snapshot_store.h"
#include "http/prometheus/render_context.h"

namespace sysmetrics {

// What one of our collectors contributes to a filtered answer: every family it emits (named by
// our name) or only the families of these windows_exporter collectors (named by theirs).
struct CollectorFilter {
    bool whole = false;
    std::vector<std::string> exporter_collectors;

    bool admits(const std::string& family) const;
};

struct CollectSelection {
    bool everything = true;                             // no collect[] given
    std::map<std::string, CollectorFilter> collectors;  // by our collector name

    bool selects(const std::string& collector) const {
        return everything || collectors.count(collector) > 0;
    }
    const CollectorFilter* filterOf(const std::string& collector) const {
        auto it = collectors.find(collector);
        return it == collectors.end() ? nullptr : &it->second;
    }
};

// Resolves ?collect[]= names. Ours select a whole collector and must be enabled (have a status
// in `snapshot`) unless windows_exporter has the name too; windows_exporter's select its families
// from the collectors that emit them here, and are accepted when none of those is enabled, so a
// windows_exporter scrape config keeps working. A name that is both (cpu, memory, system) selects
// both. With Linux naming there are no windows_exporter families, so theirs select the whole mapped
// collectors. The error (for a 400) names the known names.
ConfigResult<CollectSelection> resolveCollect(const std::vector<std::string>& collect,
                                              const std::vector<std::string>& ours,
                                              const Snapshot& snapshot, MetricNaming naming);

}  // namespace sysmetrics
