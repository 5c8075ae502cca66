#pragma once

#include <functional>
#include <string>
#include <vector>

#include "collectors/section.h"
#include "collectors/snapshot_store.h"
#include "config/collector_schema.h"
#include "http/prometheus/family_list.h"

namespace sysmetrics {

// Host metrics follow the incumbent of each platform so existing dashboards work:
// windows_exporter's names on Windows, node_exporter's on Linux.
enum class MetricNaming { windows, linux };

// What a collector's exposition may consult besides its own section.
struct RenderContext {
    RenderContext(MetricNaming naming_in = MetricNaming::windows) : naming(naming_in) {}
    MetricNaming naming;
    SettingsMap settings;      // each collector's settings (which processes or services, limits)
    bool legacy_names = true;  // metrics.legacy_names: windows_exporter's dropped families too
    // The snapshot being rendered, for families that join two sections (connections per
    // process name). Set by the renderer; null outside a render.
    const Snapshot* snapshot = nullptr;
};

// Appends one collector's families from its section; the catalog gives one per collector.
using Exposition = std::function<void(const Section&, const RenderContext&, FamilyList&)>;

// The collectors whose data one collector's families read at /metrics under these settings, so
// a collector that idles while nobody reads its data (idle_interval_seconds) wakes when a scrape
// exports it. Null: its own section.
using ExpositionReads = std::function<std::vector<std::string>(const SettingsMap&)>;

template <typename SectionType>
Exposition exposition(void (*append)(const SectionType&, const RenderContext&, FamilyList&)) {
    return [append](const Section& section, const RenderContext& context, FamilyList& out) {
        if (const auto* typed = dynamic_cast<const SectionType*>(&section)) {
            append(*typed, context, out);
        }
    };
}

}  // namespace sysmetrics
