#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "collectors/section.h"

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
    // Linux: every /proc/meminfo field in bytes, by its own name (as node_exporter exports them).
    std::map<std::string, MeminfoValue> meminfo;
};

// What GlobalMemoryStatusEx and GetPerformanceInfo answer, as plain numbers (counts of pages
// where Windows gives pages).
struct WindowsMemoryCounters {
    std::uint32_t memory_load = 0;
    std::uint64_t total_phys = 0;
    std::uint64_t avail_phys = 0;
    std::uint64_t total_page_file = 0;  // the commit limit, despite the name
    std::uint64_t avail_page_file = 0;
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

// Parses the text of /proc/meminfo.
Result<MemorySection> memoryFromMeminfo(std::string_view text);

// The platform probe (collectors/windows or collectors/linux).
Result<MemorySection> readMemory();

}  // namespace sysmetrics
