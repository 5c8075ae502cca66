#include <optional>

#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {

// node_exporter's names: "Active(anon)" -> node_memory_Active_anon_bytes.
std::string nodeMemoryName(const std::string& field, bool bytes) {
    std::string name = "node_memory_";
    for (char c : field) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_') {
            name.push_back(c);
        } else if (c == '(') {
            name.push_back('_');
        }
    }
    return bytes ? name + "_bytes" : name;
}

void appendWindows(const MemorySection& m, FamilyList& out) {
    out.gauge("windows_memory_physical_total_bytes",
              "Physical memory installed (GlobalMemoryStatusEx).",
              static_cast<double>(m.physical_total_bytes));
    out.gauge("windows_memory_available_bytes",
              "Physical memory available to processes without paging (GlobalMemoryStatusEx).",
              static_cast<double>(m.physical_available_bytes));
    out.gaugeIf("windows_memory_physical_free_bytes",
                "Physical memory free for use, as GlobalMemoryStatusEx ullAvailPhys.",
                m.physical_free_bytes);
    out.gaugeIf("windows_memory_committed_bytes", "Committed virtual memory (GetPerformanceInfo).",
                m.commit_total_bytes);
    out.gaugeIf("windows_memory_commit_limit",
                "Commit limit: physical memory plus page files (GetPerformanceInfo).",
                m.commit_limit_bytes);
    out.gaugeIf("windows_memory_pool_paged_bytes", "Kernel paged pool (GetPerformanceInfo).",
                m.kernel_paged_bytes);
    out.gaugeIf("windows_memory_pool_nonpaged_bytes", "Kernel nonpaged pool (GetPerformanceInfo).",
                m.kernel_nonpaged_bytes);
    out.gaugeIf("windows_memory_cache_bytes",
                "System file cache resident in memory: the system cache working set, as PDH "
                "Memory Cache Bytes (NtQuerySystemInformation SystemFileCacheInformation).",
                m.cache_working_set_bytes);
    out.gaugeIf("windows_memory_swap_total_bytes",
                "Page file capacity: commit limit minus physical memory.", m.swap_total_bytes);
}

void appendLinux(const MemorySection& m, FamilyList& out) {
    for (const auto& [field, entry] : m.meminfo) {
        out.gauge(nodeMemoryName(field, entry.bytes), "Memory information field " + field + ".",
                  static_cast<double>(entry.value));
    }
}

}  // namespace

void appendMemoryMetrics(const MemorySection& memory, const RenderContext& context,
                         FamilyList& out) {
    const MetricNaming naming = context.naming;
    if (naming == MetricNaming::windows) {
        appendWindows(memory, out);
    } else {
        appendLinux(memory, out);
    }
}

}  // namespace sysmetrics
