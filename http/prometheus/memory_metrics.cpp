#include <optional>

#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/legacy_metrics.h"

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

// windows_exporter's families over PDH's Memory object (read raw, or from the NT sources it is
// built on): its names and types, including pool_nonpaged_allocs_total as a gauge.
void appendWindowsMemoryCounters(const MemorySection& m, FamilyList& out) {
    out.gaugeIf("windows_memory_cache_bytes_peak",
                "Largest size the system file cache working set has had since boot, in bytes "
                "(PDH Memory Cache Bytes Peak).",
                m.cache_peak_bytes);
    out.counterIf("windows_memory_cache_faults_total",
                  "Page faults in the system file cache working set: pages sought in the cache "
                  "and found elsewhere in memory or on disk (PDH Memory Cache Faults/sec, raw).",
                  m.cache_faults);
    out.counterIf("windows_memory_demand_zero_faults_total",
                  "Page faults satisfied with a zeroed page (PDH Memory Demand Zero Faults/sec, "
                  "raw).",
                  m.demand_zero_faults);
    out.gaugeIf("windows_memory_free_and_zero_page_list_bytes",
                "Physical memory on the free and zeroed page lists, holding no data (PDH Memory "
                "Free & Zero Page List Bytes).",
                m.free_and_zero_page_list_bytes);
    out.gaugeIf("windows_memory_free_system_page_table_entries",
                "Page table entries the system has free (PDH Memory Free System Page Table "
                "Entries).",
                m.free_system_page_table_entries);
    out.gaugeIf("windows_memory_modified_page_list_bytes",
                "Physical memory on the modified page list: data not in use that must be written "
                "before reuse (PDH Memory Modified Page List Bytes).",
                m.modified_page_list_bytes);
    out.counterIf("windows_memory_page_faults_total",
                  "Page faults handled, hard and soft (PDH Memory Page Faults/sec, raw).",
                  m.page_faults);
    out.counterIf("windows_memory_swap_page_reads_total",
                  "Read operations from disk to resolve hard page faults, each of one or more "
                  "pages (PDH Memory Page Reads/sec, raw).",
                  m.page_read_operations);
    out.counterIf("windows_memory_swap_pages_read_total",
                  "Pages read from disk to resolve hard page faults (PDH Memory Pages Input/sec, "
                  "raw).",
                  m.pages_read);
    out.counterIf("windows_memory_swap_pages_written_total",
                  "Pages written to disk to free physical memory (PDH Memory Pages Output/sec, "
                  "raw).",
                  m.pages_written);
    out.counterIf("windows_memory_swap_page_operations_total",
                  "Pages read from or written to disk for paging: pages read plus pages written "
                  "(PDH Memory Pages/sec, raw).",
                  m.pages_read_or_written);
    out.counterIf("windows_memory_swap_page_writes_total",
                  "Write operations to disk to free physical memory, each of one or more pages "
                  "(PDH Memory Page Writes/sec, raw).",
                  m.page_write_operations);
    out.gaugeIf("windows_memory_pool_nonpaged_allocs_total",
                "Allocations in the nonpaged pool not yet freed (PDH Memory Pool Nonpaged "
                "Allocs).",
                m.pool_nonpaged_allocs);
    out.counterIf("windows_memory_pool_paged_allocs_total",
                  "Allocations in the paged pool not yet freed (PDH Memory Pool Paged Allocs).",
                  m.pool_paged_allocs);
    out.gaugeIf("windows_memory_pool_paged_resident_bytes",
                "Part of the paged pool resident in physical memory, in bytes (PDH Memory Pool "
                "Paged Resident Bytes).",
                m.pool_paged_resident_bytes);
    out.gaugeIf("windows_memory_standby_cache_core_bytes",
                "Physical memory on the core standby lists (page priorities 6 and 7) (PDH Memory "
                "Standby Cache Core Bytes).",
                m.standby_cache_core_bytes);
    out.gaugeIf("windows_memory_standby_cache_normal_priority_bytes",
                "Physical memory on the normal-priority standby lists (page priorities 4 and 5) "
                "(PDH Memory Standby Cache Normal Priority Bytes).",
                m.standby_cache_normal_priority_bytes);
    out.gaugeIf("windows_memory_standby_cache_reserve_bytes",
                "Physical memory on the reserve standby lists (page priorities 0 to 3) (PDH "
                "Memory Standby Cache Reserve Bytes).",
                m.standby_cache_reserve_bytes);
    out.gaugeIf("windows_memory_system_cache_resident_bytes",
                "Part of the system file cache resident in physical memory, in bytes (PDH Memory "
                "System Cache Resident Bytes).",
                m.system_cache_resident_bytes);
    out.gaugeIf("windows_memory_system_code_resident_bytes",
                "Pageable operating system code resident in physical memory, in bytes (PDH "
                "Memory System Code Resident Bytes).",
                m.system_code_resident_bytes);
    out.gaugeIf("windows_memory_system_code_total_bytes",
                "Pageable operating system code mapped in the system address space, in bytes "
                "(PDH Memory System Code Total Bytes).",
                m.system_code_total_bytes);
    out.gaugeIf("windows_memory_system_driver_resident_bytes",
                "Pageable device driver memory resident in physical memory, in bytes (PDH Memory "
                "System Driver Resident Bytes).",
                m.system_driver_resident_bytes);
    out.gaugeIf("windows_memory_system_driver_total_bytes",
                "Pageable virtual memory of device drivers, in bytes (PDH Memory System Driver "
                "Total Bytes).",
                m.system_driver_total_bytes);
    out.counterIf("windows_memory_transition_faults_total",
                  "Page faults resolved from a page in transition: shared, on the standby or "
                  "modified list, or being written (PDH Memory Transition Faults/sec, raw).",
                  m.transition_faults);
    out.counterIf("windows_memory_transition_pages_repurposed_total",
                  "Standby (transition) cache pages reused for another purpose (PDH Memory "
                  "Transition Pages RePurposed/sec, raw).",
                  m.transition_pages_repurposed);
    out.counterIf("windows_memory_write_copies_total",
                  "Page faults on a write resolved by copying the page (copy-on-write) (PDH "
                  "Memory Write Copies/sec, raw).",
                  m.write_copies);
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
    out.gaugeIf("windows_memory_process_memory_limit_bytes",
                "User-mode virtual address space of a process (GlobalMemoryStatusEx "
                "ullTotalVirtual).",
                m.process_memory_limit_bytes);
    out.gaugeIf("windows_memory_swap_total_bytes",
                "Page file capacity: commit limit minus physical memory.", m.swap_total_bytes);
    appendWindowsMemoryCounters(m, out);
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
        if (context.legacy_names) {
            appendLegacyMemoryMetrics(memory, out);
        }
    } else {
        appendLinux(memory, out);
    }
}

}  // namespace sysmetrics
