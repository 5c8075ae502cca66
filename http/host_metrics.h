#pragma once

#include <optional>
#include <string>

#include "collectors/section.h"
#include "config/config.h"
#include "config/safe_regex.h"
#include "http/metric_families.h"

namespace sysmetrics {

// Host metrics follow the incumbent of each platform so existing dashboards work:
// windows_exporter's names on Windows, node_exporter's on Linux.
enum class MetricNaming { windows, linux };

// Which processes become series, compiled once from the configuration.
struct ProcessExport {
    bool per_process = true;  // false: only the collector's own gauges, no series per process
    std::optional<SafeRegex> include;
    std::optional<SafeRegex> exclude;
    bool cmdline_label = false;
    std::uint32_t limit = 0;
    bool limit_by_memory = false;

    // The patterns were validated when the configuration was loaded; one that still fails to
    // compile matches nothing rather than everything.
    static ProcessExport from(const ProcessConfig& config);
};

// A validated pattern compiled again; "" is none, and one that fails matches nothing.
std::optional<SafeRegex> compiledOrNever(const std::string& pattern);

struct RenderContext {
    RenderContext(MetricNaming naming_in = MetricNaming::windows) : naming(naming_in) {}
    MetricNaming naming;
    ProcessExport processes;
    bool process_connections = false;  // collectors.connections.per_process
    std::optional<SafeRegex> services_include;
    std::optional<SafeRegex> services_exclude;
};

// Appends the families of one collector's section; false when no mapping exists for it.
bool appendSectionMetrics(const std::string& collector, const Section& section,
                          const RenderContext& context, FamilyList& out);

}  // namespace sysmetrics
