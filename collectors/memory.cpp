#include "collectors/memory.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "base/text_parse.h"

namespace sysmetrics {

const std::vector<std::string> kMemoryPdhCounters = {
    "Cache Bytes Peak",
    "Cache Faults/sec",
    "Demand Zero Faults/sec",
    "Free & Zero Page List Bytes",
    "Free System Page Table Entries",
    "Modified Page List Bytes",
    "Page Faults/sec",
    "Page Reads/sec",
    "Pages Input/sec",
    "Pages Output/sec",
    "Pages/sec",
    "Page Writes/sec",
    "Pool Nonpaged Allocs",
    "Pool Paged Allocs",
    "Pool Paged Resident Bytes",
    "Standby Cache Core Bytes",
    "Standby Cache Normal Priority Bytes",
    "Standby Cache Reserve Bytes",
    "System Cache Resident Bytes",
    "System Code Resident Bytes",
    "System Code Total Bytes",
    "System Driver Resident Bytes",
    "System Driver Total Bytes",
    "Transition Faults/sec",
    "Transition Pages RePurposed/sec",
    "Write Copies/sec",
};

namespace {

using Field = std::optional<std::uint64_t> MemorySection::*;

// The cumulative counts, each a 32-bit counter in Windows.
constexpr Field kMemoryCounts[] = {
    &MemorySection::page_faults,
    &MemorySection::cache_faults,
    &MemorySection::demand_zero_faults,
    &MemorySection::transition_faults,
    &MemorySection::transition_pages_repurposed,
    &MemorySection::write_copies,
    &MemorySection::page_read_operations,
    &MemorySection::pages_read,
    &MemorySection::page_write_operations,
    &MemorySection::pages_written,
    &MemorySection::pages_read_or_written,
};

// How each counter's value is computed from the NT sources, as perfos builds the PDH Memory
// object: nothing when the source it needs is absent.
std::optional<std::uint64_t> fromNt(const std::string& counter,
                                    const WindowsMemoryActivitySources& s) {
    const std::uint64_t page = s.page_size;
    if (const auto& p = s.performance) {
        // Pool Allocs: allocations not yet freed (modulo 2^32, as both counts wrap).
        if (counter == "Pool Paged Allocs") {
            return static_cast<std::uint32_t>(p->paged_pool_allocs - p->paged_pool_frees);
        }
        if (counter == "Pool Nonpaged Allocs") {
            return static_cast<std::uint32_t>(p->nonpaged_pool_allocs - p->nonpaged_pool_frees);
        }
        const std::uint32_t written = p->dirty_pages_written + p->mapped_pages_written;
        const std::pair<const char*, std::uint64_t> counts[] = {
            {"Page Faults/sec", p->page_faults},
            {"Write Copies/sec", p->copy_on_writes},
            {"Transition Faults/sec", p->transition_faults},
            {"Demand Zero Faults/sec", p->demand_zero_faults},
            {"Pages Input/sec", p->pages_read},
            {"Page Reads/sec", p->page_read_ios},
            {"Pages Output/sec", written},
            {"Page Writes/sec",
             static_cast<std::uint32_t>(p->dirty_write_ios + p->mapped_write_ios)},
            {"Pages/sec", static_cast<std::uint32_t>(p->pages_read + written)},
            {"Free System Page Table Entries", p->free_system_ptes},
        };
        for (const auto& [name, value] : counts) {
            if (counter == name) {
                return value;
            }
        }
        const std::pair<const char*, std::uint64_t> pages[] = {
            {"Pool Paged Resident Bytes", p->resident_paged_pool_pages},
            {"System Cache Resident Bytes", p->resident_system_cache_pages},
            {"System Code Resident Bytes", p->resident_system_code_pages},
            {"System Code Total Bytes", p->total_system_code_pages},
            {"System Driver Resident Bytes", p->resident_system_driver_pages},
            {"System Driver Total Bytes", p->total_system_driver_pages},
        };
        for (const auto& [name, value] : pages) {
            if (counter == name && page > 0) {
                return value * page;
            }
        }
    }
    if (const auto& c = s.file_cache) {
        if (counter == "Cache Bytes Peak") {
            return c->peak_bytes;
        }
        if (counter == "Cache Faults/sec") {
            return c->page_faults;
        }
        if (counter == "Transition Pages RePurposed/sec" && c->transition_repurposes) {
            return *c->transition_repurposes;
        }
    }
    if (const auto& l = s.lists; l && page > 0) {
        const auto* standby = l->standby_by_priority;
        if (counter == "Free & Zero Page List Bytes") {
            return (l->free + l->zeroed) * page;
        }
        if (counter == "Modified Page List Bytes") {
            return l->modified * page;
        }
        // The standby lists by page priority: reserve 0-3, normal 4-5, core 6-7.
        if (counter == "Standby Cache Reserve Bytes") {
            return (standby[0] + standby[1] + standby[2] + standby[3]) * page;
        }
        if (counter == "Standby Cache Normal Priority Bytes") {
            return (standby[4] + standby[5]) * page;
        }
        if (counter == "Standby Cache Core Bytes") {
            return (standby[6] + standby[7]) * page;
        }
    }
    return std::nullopt;
}

Field fieldOf(const std::string& counter) {
    const std::pair<const char*, Field> fields[] = {
        {"Cache Bytes Peak", &MemorySection::cache_peak_bytes},
        {"Cache Faults/sec", &MemorySection::cache_faults},
        {"Demand Zero Faults/sec", &MemorySection::demand_zero_faults},
        {"Free & Zero Page List Bytes", &MemorySection::free_and_zero_page_list_bytes},
        {"Free System Page Table Entries", &MemorySection::free_system_page_table_entries},
        {"Modified Page List Bytes", &MemorySection::modified_page_list_bytes},
        {"Page Faults/sec", &MemorySection::page_faults},
        {"Page Reads/sec", &MemorySection::page_read_operations},
        {"Pages Input/sec", &MemorySection::pages_read},
        {"Pages Output/sec", &MemorySection::pages_written},
        {"Pages/sec", &MemorySection::pages_read_or_written},
        {"Page Writes/sec", &MemorySection::page_write_operations},
        {"Pool Nonpaged Allocs", &MemorySection::pool_nonpaged_allocs},
        {"Pool Paged Allocs", &MemorySection::pool_paged_allocs},
        {"Pool Paged Resident Bytes", &MemorySection::pool_paged_resident_bytes},
        {"Standby Cache Core Bytes", &MemorySection::standby_cache_core_bytes},
        {"Standby Cache Normal Priority Bytes",
         &MemorySection::standby_cache_normal_priority_bytes},
        {"Standby Cache Reserve Bytes", &MemorySection::standby_cache_reserve_bytes},
        {"System Cache Resident Bytes", &MemorySection::system_cache_resident_bytes},
        {"System Code Resident Bytes", &MemorySection::system_code_resident_bytes},
        {"System Code Total Bytes", &MemorySection::system_code_total_bytes},
        {"System Driver Resident Bytes", &MemorySection::system_driver_resident_bytes},
        {"System Driver Total Bytes", &MemorySection::system_driver_total_bytes},
        {"Transition Faults/sec", &MemorySection::transition_faults},
        {"Transition Pages RePurposed/sec", &MemorySection::transition_pages_repurposed},
        {"Write Copies/sec", &MemorySection::write_copies},
    };
    for (const auto& [name, field] : fields) {
        if (counter == name) {
            return field;
        }
    }
    return nullptr;
}

}  // namespace

std::vector<std::string> applyMemoryActivity(const WindowsMemoryActivitySources& sources,
                                             MemorySection& m) {
    std::vector<std::string> missing;
    for (const auto& counter : kMemoryPdhCounters) {
        const Field field = fieldOf(counter);
        if (!field) {
            continue;
        }
        std::optional<std::uint64_t> value;
        if (auto it = sources.pdh.find(counter); it != sources.pdh.end() && it->second >= 0) {
            value = static_cast<std::uint64_t>(it->second);
        } else {
            value = fromNt(counter, sources);
        }
        m.*field = value;
        if (!value) {
            missing.push_back(counter);
        }
    }
    return missing;
}

void MemoryCountExtender::apply(MemorySection& m) {
    for (std::size_t i = 0; i < std::size(kMemoryCounts); i++) {
        auto& value = m.*kMemoryCounts[i];
        if (value) {
            value = totals_[i].update(static_cast<std::uint32_t>(*value));
        } else {
            totals_.erase(i);
        }
    }
}

MemorySection memoryFromWindowsCounters(const WindowsMemoryCounters& raw) {
    MemorySection m;
    m.physical_total_bytes = raw.total_phys;
    m.physical_available_bytes = raw.avail_phys;
    m.physical_free_bytes = raw.avail_phys;
    m.load_percent = raw.memory_load;
    m.commit_limit_bytes = raw.total_page_file;
    m.commit_total_bytes = raw.total_page_file - std::min(raw.avail_page_file, raw.total_page_file);
    m.process_commit_limit_bytes = raw.total_page_file;
    m.process_commit_available_bytes = raw.avail_page_file;
    m.process_memory_limit_bytes = raw.total_virtual;
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
        return Error{ErrorCode::invalid_data, 0, "/proc/meminfo", "no MemTotal"};
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
