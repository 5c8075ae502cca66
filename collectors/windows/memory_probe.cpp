#include <windows.h>
#include <pdhmsg.h>
#include <psapi.h>

#include <cstdio>

#include "base/windows/nt_api.h"
#include "base/windows/win_error.h"
#include "collectors/memory.h"
#include "collectors/nt_layouts.h"
#include "collectors/windows/pdh_raw_object.h"

namespace sysmetrics {

namespace {

Result<WindowsMemoryCounters> readMemoryStatus() {
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
    raw.total_virtual = status.ullTotalVirtual;

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
    return raw;
}

std::string ntStatusHex(nt::NTSTATUS status) {
    char text[32];
    std::snprintf(text, sizeof text, "NTSTATUS 0x%08lX",
                  static_cast<unsigned long>(static_cast<ULONG>(status)));
    return text;
}

// Reads PDH's Memory object raw, as windows_exporter does, and computes what PDH lacks from
// the NT sources that object is built on (SystemPerformanceInformation,
// SystemFileCacheInformation, SystemMemoryListInformation).
class WindowsMemorySource : public MemorySource {
public:
    WindowsMemorySource() : pdh_("Memory", kMemoryPdhCounters, win::PdhInstances::none) {
        notePdh();
    }

    Result<MemorySection> read() override {
        auto raw = readMemoryStatus();
        if (!raw.ok()) {
            return raw.error();
        }
        cycle_notes_.clear();
        WindowsMemoryActivitySources sources;
        sources.page_size = raw->page_size;
        if (sources.page_size == 0) {
            SYSTEM_INFO info{};
            ::GetSystemInfo(&info);
            sources.page_size = info.dwPageSize;
        }
        readPdh(sources);
        std::string failures;
        if (sources.pdh.size() < kMemoryPdhCounters.size()) {
            readNt(sources, failures);
        }
        std::uint8_t cache[kFileCacheInformationSize] = {};
        ULONG returned = 0;
        const nt::NTSTATUS status =
            queryFixed(nt::kSystemFileCacheInformation, cache, sizeof cache, returned);
        if (status == nt::kStatusSuccess) {
            raw->file_cache_current_bytes = parseFileCacheCurrentSize(cache, returned);
            if (sources.pdh.size() < kMemoryPdhCounters.size()) {
                sources.file_cache = parseFileCacheInformation(cache, returned);
            }
        } else {
            failures += "; SystemFileCacheInformation: " + ntStatusHex(status);
        }
        MemorySection section = memoryFromWindowsCounters(raw.value());
        const auto missing = applyMemoryActivity(sources, section);
        if (!missing.empty()) {
            std::string note = "PDH \\Memory counters without a source here, left out:";
            for (const auto& counter : missing) {
                note += (counter == missing.front() ? " " : ", ") + counter;
            }
            if (!failures.empty()) {
                note += " (" + failures.substr(2) + ")";
            }
            cycle_notes_.push_back(note);
        }
        extender_.apply(section);
        return section;
    }

    std::vector<std::string> notes() const override { return joinNotes(pdh_notes_, cycle_notes_); }

private:
    static nt::NTSTATUS queryFixed(ULONG information_class, std::uint8_t* buffer, ULONG size,
                                   ULONG& returned) {
        returned = 0;
        if (!nt::api().querySystemInformation) {
            return static_cast<nt::NTSTATUS>(0xC0000002);  // STATUS_NOT_IMPLEMENTED
        }
        return nt::api().querySystemInformation(information_class, buffer, size, &returned);
    }

    void notePdh() {
        if (!pdh_.available()) {
            pdh_notes_.push_back(pdh_.unavailable() +
                                 "; the \\Memory counters come from NtQuerySystemInformation");
            return;
        }
        std::string absent;
        for (const auto& name : kMemoryPdhCounters) {
            if (!pdh_.has(name)) {
                absent += (absent.empty() ? " " : ", ") + name;
            }
        }
        if (!absent.empty()) {
            pdh_notes_.push_back(
                "PDH \\Memory counters not on this machine, read from NtQuerySystemInformation "
                "instead:" +
                absent);
        }
    }

    void readPdh(WindowsMemoryActivitySources& sources) {
        const std::size_t noted = cycle_notes_.size();
        for (const auto& [name, samples] : pdh_.read(cycle_notes_)) {
            if (!samples.empty()) {
                sources.pdh[name] = samples.front().first;
            }
        }
        if (cycle_notes_.size() > noted) {
            cycle_notes_.back() += "; reading NtQuerySystemInformation this cycle";
        }
    }

    void readNt(WindowsMemoryActivitySources& sources, std::string& failures) {
        std::uint8_t performance[kPerformanceInformationSize] = {};
        ULONG returned = 0;
        nt::NTSTATUS status = queryFixed(nt::kSystemPerformanceInformation, performance,
                                         sizeof performance, returned);
        if (status == nt::kStatusSuccess) {
            sources.performance = parsePerformanceMemoryActivity(performance, returned);
        } else {
            failures += "; SystemPerformanceInformation: " + ntStatusHex(status);
        }
        // Windows versions differ in the size they accept (0xA8 up to Windows 7, 0xB0 after):
        // a length the kernel refuses is retried with the size it names.
        std::uint8_t lists[0x100] = {};
        status = queryFixed(nt::kSystemMemoryListInformation, lists, sizeof lists, returned);
        if (status == nt::kStatusInfoLengthMismatch && returned >= kMemoryListInformationSize &&
            returned <= sizeof lists) {
            status = queryFixed(nt::kSystemMemoryListInformation, lists, returned, returned);
        }
        if (status == nt::kStatusSuccess) {
            sources.lists = parseMemoryListInformation(lists, returned);
        } else {
            failures += "; SystemMemoryListInformation: " + ntStatusHex(status);
        }
    }

    win::PdhRawObject pdh_;
    std::vector<std::string> pdh_notes_, cycle_notes_;
    MemoryCountExtender extender_;
};

}  // namespace

std::unique_ptr<MemorySource> makeMemorySource() {
    return std::make_unique<WindowsMemorySource>();
}

}  // namespace sysmetrics
