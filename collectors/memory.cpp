#include "collectors/memory.h"

#include <algorithm>

#include "base/text_parse.h"

namespace sysmetrics {

MemorySection memoryFromWindowsCounters(const WindowsMemoryCounters& raw) {
    MemorySection m;
    m.physical_total_bytes = raw.total_phys;
    m.physical_available_bytes = raw.avail_phys;
    m.physical_free_bytes = raw.avail_phys;
    m.load_percent = raw.memory_load;
    m.commit_limit_bytes = raw.total_page_file;
    m.commit_total_bytes = raw.total_page_file - std::min(raw.avail_page_file, raw.total_page_file);
    if (raw.have_performance_info && raw.page_size > 0) {
        const std::uint64_t page = raw.page_size;
        m.commit_total_bytes = raw.commit_total_pages * page;
        m.commit_limit_bytes = raw.commit_limit_pages * page;
        m.commit_peak_bytes = raw.commit_peak_pages * page;
        m.system_cache_bytes = raw.system_cache_pages * page;
        m.kernel_paged_bytes = raw.kernel_paged_pages * page;
        m.kernel_nonpaged_bytes = raw.kernel_nonpaged_pages * page;
    }
    m.cache_working_set_bytes = raw.file_cache_current_bytes;
    // Page files are what the commit limit holds beyond physical memory (psutil's swap total).
    const std::uint64_t limit = *m.commit_limit_bytes;
    m.swap_total_bytes = limit > raw.total_phys ? limit - raw.total_phys : 0;
    return m;
}

Result<MemorySection> memoryFromMeminfo(std::string_view text) {
    MemorySection m;
    for (std::string_view line : splitLines(text)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = trim(line.substr(0, colon));
        std::string_view rest = trim(line.substr(colon + 1));
        const auto space = rest.find(' ');
        const std::string_view number = rest.substr(0, space);
        const std::string_view unit =
            space == std::string_view::npos ? "" : trim(rest.substr(space));
        const auto value = parseUnsigned(number);
        if (key.empty() || !value) {
            continue;
        }
        const bool kilobytes = unit == "kB";
        m.meminfo[std::string(key)] = MeminfoValue{kilobytes ? *value * 1024 : *value, kilobytes};
    }
    auto field = [&](const char* name) -> std::optional<std::uint64_t> {
        auto it = m.meminfo.find(name);
        if (it == m.meminfo.end()) {
            return std::nullopt;
        }
        return it->second.value;
    };
    const auto total = field("MemTotal");
    if (!total || *total == 0) {
        return Error{ErrorCode::invalid_data, 0, "/proc/meminfo: no MemTotal"};
    }
    m.physical_total_bytes = *total;
    m.physical_free_bytes = field("MemFree");
    // Kernels before 3.14 lack MemAvailable; free + buffers + cache is the old estimate.
    if (const auto available = field("MemAvailable")) {
        m.physical_available_bytes = *available;
    } else {
        m.physical_available_bytes = field("MemFree").value_or(0) + field("Buffers").value_or(0) +
                                     field("Cached").value_or(0);
    }
    m.load_percent = static_cast<std::uint32_t>(
        100 - std::min<std::uint64_t>(100, m.physical_available_bytes * 100 / *total));
    m.commit_total_bytes = field("Committed_AS");
    m.commit_limit_bytes = field("CommitLimit");
    m.swap_total_bytes = field("SwapTotal");
    m.swap_free_bytes = field("SwapFree");
    m.system_cache_bytes = field("Cached");
    m.buffers_bytes = field("Buffers");
    m.kernel_nonpaged_bytes = field("SUnreclaim");
    return m;
}

}  // namespace sysmetrics
