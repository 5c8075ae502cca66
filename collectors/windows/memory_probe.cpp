#include <windows.h>
#include <psapi.h>

#include "base/windows/nt_api.h"
#include "base/windows/win_error.h"
#include "collectors/memory.h"
#include "collectors/nt_layouts.h"

namespace sysmetrics {

Result<MemorySection> readMemory() {
    MEMORYSTATUSEX status{};
    status.dwLength = sizeof status;
    if (!::GlobalMemoryStatusEx(&status)) {
        return win::lastError("GlobalMemoryStatusEx");
    }
    WindowsMemoryCounters raw;
    raw.memory_load = status.dwMemoryLoad;
    raw.total_phys = status.ullTotalPhys;
    raw.avail_phys = status.ullAvailPhys;
    raw.total_page_file = status.ullTotalPageFile;
    raw.avail_page_file = status.ullAvailPageFile;

    PERFORMANCE_INFORMATION perf{};
    perf.cb = sizeof perf;
    if (::GetPerformanceInfo(&perf, sizeof perf)) {
        raw.have_performance_info = true;
        raw.page_size = perf.PageSize;
        raw.commit_total_pages = perf.CommitTotal;
        raw.commit_limit_pages = perf.CommitLimit;
        raw.commit_peak_pages = perf.CommitPeak;
        raw.system_cache_pages = perf.SystemCache;
        raw.kernel_paged_pages = perf.KernelPaged;
        raw.kernel_nonpaged_pages = perf.KernelNonpaged;
    }
    std::uint8_t cache[kFileCacheInformationSize] = {};
    ULONG returned = 0;
    if (nt::api().querySystemInformation &&
        nt::api().querySystemInformation(nt::kSystemFileCacheInformation, cache, sizeof cache,
                                         &returned) == nt::kStatusSuccess) {
        raw.file_cache_current_bytes = parseFileCacheCurrentSize(cache, returned);
    }
    return memoryFromWindowsCounters(raw);
}

}  // namespace sysmetrics
