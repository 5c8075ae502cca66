#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "collectors/collector.h"
#include "collectors/cpu.h"
#include "collectors/nt_layouts.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

// One /proc/meminfo line: its value, in bytes when the kernel gave kB.
struct MeminfoValue {
    std::uint64_t value = 0;
    bool bytes = false;
};

struct MemorySection : Section {
    static constexpr const char* kName = "memory";

    std::uint64_t physical_total_bytes = 0;
    std::uint64_t physical_available_bytes = 0;
    std::optional<std::uint32_t> load_percent;
    std::optional<std::uint64_t> physical_free_bytes;
    std::optional<std::uint64_t> commit_total_bytes;
    std::optional<std::uint64_t> commit_limit_bytes;
    std::optional<std::uint64_t> commit_peak_bytes;
    std::optional<std::uint64_t> swap_total_bytes;  // Windows: page files; Linux: swap
    std::optional<std::uint64_t> swap_free_bytes;
    std::optional<std::uint64_t> system_cache_bytes;  // Windows: standby list + system working set
    // Windows: the system cache working set alone, what PDH \Memory\Cache Bytes (and so
    // windows_exporter's windows_memory_cache_bytes) reports.
    std::optional<std::uint64_t> cache_working_set_bytes;
    std::optional<std::uint64_t> kernel_paged_bytes;
    std::optional<std::uint64_t> kernel_nonpaged_bytes;
    std::optional<std::uint64_t> buffers_bytes;  // Linux only
    // Windows, as GlobalMemoryStatusEx gives them: the commit limit and the commit still
    // available, of the system or of this process's job, whichever is smaller (ullTotalPageFile,
    // ullAvailPageFile), and the user-mode address space of a process (ullTotalVirtual).
    std::optional<std::uint64_t> process_commit_limit_bytes;
    std::optional<std::uint64_t> process_commit_available_bytes;
    std::optional<std::uint64_t> process_memory_limit_bytes;
    // Linux: every /proc/meminfo field in bytes, by its own name (as node_exporter exports them).
    std::map<std::string, MeminfoValue> meminfo;

    // Windows: the PDH Memory counters windows_exporter exports, read raw (or computed from the
    // NT sources they are built on where PDH lacks them). Absent where no source gives them.
    // Cumulative counts since boot (PDH's "/sec" counters' raw values), kept past 2^32:
    std::optional<std::uint64_t> page_faults;                  // Page Faults/sec
    std::optional<std::uint64_t> cache_faults;                 // Cache Faults/sec
    std::optional<std::uint64_t> demand_zero_faults;           // Demand Zero Faults/sec
    std::optional<std::uint64_t> transition_faults;            // Transition Faults/sec
    std::optional<std::uint64_t> transition_pages_repurposed;  // Transition Pages RePurposed/sec
    std::optional<std::uint64_t> write_copies;                 // Write Copies/sec
    std::optional<std::uint64_t> page_read_operations;         // Page Reads/sec
    std::optional<std::uint64_t> pages_read;                   // Pages Input/sec
    std::optional<std::uint64_t> page_write_operations;        // Page Writes/sec
    std::optional<std::uint64_t> pages_written;                // Pages Output/sec
    std::optional<std::uint64_t> pages_read_or_written;        // Pages/sec
    // Current values: pool allocations not yet freed, free system PTEs, and bytes.
    std::optional<std::uint64_t> pool_paged_allocs;               // Pool Paged Allocs
    std::optional<std::uint64_t> pool_nonpaged_allocs;            // Pool Nonpaged Allocs
    std::optional<std::uint64_t> free_system_page_table_entries;  // Free System Page Table Entries
    std::optional<std::uint64_t> cache_peak_bytes;                // Cache Bytes Peak
    std::optional<std::uint64_t> pool_paged_resident_bytes;       // Pool Paged Resident Bytes
    std::optional<std::uint64_t> system_cache_resident_bytes;     // System Cache Resident Bytes
    std::optional<std::uint64_t> system_code_resident_bytes;      // System Code Resident Bytes
    std::optional<std::uint64_t> system_code_total_bytes;         // System Code Total Bytes
    std::optional<std::uint64_t> system_driver_resident_bytes;    // System Driver Resident Bytes
    std::optional<std::uint64_t> system_driver_total_bytes;       // System Driver Total Bytes
    std::optional<std::uint64_t> free_and_zero_page_list_bytes;   // Free & Zero Page List Bytes
    std::optional<std::uint64_t> modified_page_list_bytes;        // Modified Page List Bytes
    std::optional<std::uint64_t> standby_cache_core_bytes;        // Standby Cache Core Bytes
    std::optional<std::uint64_t> standby_cache_normal_priority_bytes;
    std::optional<std::uint64_t> standby_cache_reserve_bytes;
};

// What GlobalMemoryStatusEx and GetPerformanceInfo answer, as plain numbers (counts of pages
// where Windows gives pages).
struct WindowsMemoryCounters {
    std::uint32_t memory_load = 0;
    std::uint64_t total_phys = 0;
    std::uint64_t avail_phys = 0;
    std::uint64_t total_page_file = 0;  // the commit limit, despite the name
    std::uint64_t avail_page_file = 0;
    std::uint64_t total_virtual = 0;
    bool have_performance_info = false;
    std::uint64_t page_size = 0;
    std::uint64_t commit_total_pages = 0;
    std::uint64_t commit_limit_pages = 0;
    std::uint64_t commit_peak_pages = 0;
    std::uint64_t system_cache_pages = 0;
    std::uint64_t kernel_paged_pages = 0;
    std::uint64_t kernel_nonpaged_pages = 0;
    std::optional<std::uint64_t> file_cache_current_bytes;  // SYSTEM_FILECACHE_INFORMATION
};

MemorySection memoryFromWindowsCounters(const WindowsMemoryCounters& raw);

// The English names of the PDH Memory counters behind the fields above, in windows_exporter's
// order.
extern const std::vector<std::string> kMemoryPdhCounters;

// What one cycle read for those fields: PDH raw values (PDH_RAW_COUNTER FirstValue) by counter
// name, and the NT sources PDH's Memory object is built on (each absent when its call failed).
struct WindowsMemoryActivitySources {
    std::map<std::string, std::int64_t> pdh;
    std::uint64_t page_size = 0;
    std::optional<SystemMemoryActivity> performance;  // SystemPerformanceInformation
    std::optional<FileCacheInformation> file_cache;   // SystemFileCacheInformation
    std::optional<MemoryListPages> lists;             // SystemMemoryListInformation
};

// Fills the fields above: each from its PDH counter when PDH gave it, otherwise from the NT
// source the counter is computed from. Counts are the raw 32-bit values here (see
// MemoryCountExtender). Returns the counters neither source gave.
std::vector<std::string> applyMemoryActivity(const WindowsMemoryActivitySources& sources,
                                             MemorySection& m);

// Windows keeps the cumulative memory counts in 32 bits (PDH's "/sec" counters and the NT
// ULONGs alike): this keeps 64-bit totals across wraps, so a wrap is no counter reset.
class MemoryCountExtender {
public:
    void apply(MemorySection& m);

private:
    std::map<std::size_t, WrappingCounter> totals_;
};

// A platform's source of memory sections; it may keep handles (a PDH query) between reads.
using MemorySource = SectionSource<MemorySection>;
std::unique_ptr<MemorySource> makeMemorySource();
using MemoryCollector = SourceCollector<MemorySection>;

// Parses the text of /proc/meminfo.
Result<MemorySection> memoryFromMeminfo(std::string_view text);

}  // namespace sysmetrics
