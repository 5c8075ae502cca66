#pragma once

#include <map>
#include <string>
#include <vector>

#include "http/prometheus/render_context.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

// The families each catalogued collector renders from its section in `snapshot` under `context`
// (collector -> family names); a collector with no section there is absent.
inline std::map<std::string, std::vector<std::string>> familiesByCollector(const Snapshot& snapshot,
                                                                           RenderContext context) {
    context.snapshot = &snapshot;
    std::map<std::string, std::vector<std::string>> families;
    for (const auto& entry : collectorCatalog()) {
        const auto section = snapshot.sections.find(entry.schema.name);
        if (section == snapshot.sections.end()) {
            continue;
        }
        FamilyList out;
        entry.exposition(*section->second, context, out);
        auto& names = families[entry.schema.name];
        for (const auto& family : out.families()) {
            names.push_back(family.name);
        }
    }
    return families;
}

}  // namespace sysmetrics
