// Paging file families: windows_exporter's windows_pagefile_* (v0.30+) and, under
// metrics.legacy_names, its older summed windows_os_paging_* (<= v0.29). None on Linux:
// node_exporter has no per-swap-area family (/api/v1/pagefile lists them).
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/legacy_metrics.h"

namespace sysmetrics {

void appendPagefileMetrics(const PagefileSection& section, const RenderContext& context,
                           FamilyList& out) {
    if (context.naming != MetricNaming::windows) {
        return;
    }
    for (const auto& f : section.files) {
        const Labels l = {{"file", f.file}};
        out.gaugeIf("windows_pagefile_limit_bytes",
                    "Bytes the paging file can hold: its size (the file's size, or "
                    "SYSTEM_PAGEFILE_INFORMATION TotalSize).",
                    f.limit_bytes, l);
        out.gaugeIf("windows_pagefile_free_bytes",
                    "Bytes of the paging file not in use: its size less Paging File % Usage "
                    "(or TotalInUse) pages.",
                    f.freeBytes(), l);
    }
    if (context.legacy_names) {
        appendLegacyPagefileMetrics(section, out);
    }
}

}  // namespace sysmetrics
