#include <windows.h>
#include <pdhmsg.h>
#include <psapi.h>

#include <cstdio>

#include "base/windows/nt_api.h"
#include "base/windows/win_error.h"
#include "collectors/memory.h"
#include "collectors/nt_layouts.h"
#include "collectors/windows/pdh_counters.h"

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
    WindowsMemorySource() { openPdh(); }

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

    std::vector<std::string> notes() const override {
        std::vector<std::string> notes = pdh_notes_;
        notes.insert(notes.end(), cycle_notes_.begin(), cycle_notes_.end());
        return notes;
    }

private:
    struct PdhCounter {
        std::string name;
        std::size_t index = 0;
    };

    static nt::NTSTATUS queryFixed(ULONG information_class, std::uint8_t* buffer, ULONG size,
                                   ULONG& returned) {
        returned = 0;
        if (!nt::api().querySystemInformation) {
            return static_cast<nt::NTSTATUS>(0xC0000002);  // STATUS_NOT_IMPLEMENTED
        }
        return nt::api().querySystemInformation(information_class, buffer, size, &returned);
    }

    void openPdh() {
        PDH_STATUS status = 0;
        query_ = win::openPdhQuery(status);
        if (!query_) {
            pdh_notes_.push_back("PDH: PdhOpenQueryW failed (" + win::pdhStatusName(status) +
                                 "); the \\Memory counters come from NtQuerySystemInformation");
            return;
        }
        std::vector<std::string> absent;
        PDH_STATUS first_failure = ERROR_SUCCESS;
        for (const auto& name : kMemoryPdhCounters) {
            PdhCounter counter{name, 0};
            const PDH_STATUS added = query_->add(L"\\Memory\\" + win::toWide(name), counter.index);
            if (added == ERROR_SUCCESS) {
                counters_.push_back(counter);
            } else {
                absent.push_back(name);
                if (first_failure == ERROR_SUCCESS) {
                    first_failure = added;
                }
            }
        }
        if (counters_.empty()) {
            query_.reset();
            pdh_notes_.push_back("PDH has no \\Memory object here (" +
                                 win::pdhStatusName(first_failure) +
                                 "); its counters come from NtQuerySystemInformation");
        } else if (!absent.empty()) {
            std::string note =
                "PDH \\Memory counters not on this machine, read from "
                "NtQuerySystemInformation instead:";
            for (const auto& name : absent) {
                note += (name == absent.front() ? " " : ", ") + name;
            }
            pdh_notes_.push_back(note);
        }
    }

    void readPdh(WindowsMemoryActivitySources& sources) {
        if (!query_) {
            return;
        }
        const PDH_STATUS collected = query_->collect();
        if (collected != ERROR_SUCCESS) {
            cycle_notes_.push_back("PdhCollectQueryData failed (" + win::pdhStatusName(collected) +
                                   "); reading NtQuerySystemInformation this cycle");
            return;
        }
        std::vector<win::PdhItem> items;
        for (const auto& counter : counters_) {
            if (query_->raw(counter.index, false, items) != ERROR_SUCCESS || items.empty()) {
                continue;
            }
            const auto& item = items.front();
            if (item.cstatus == PDH_CSTATUS_VALID_DATA || item.cstatus == PDH_CSTATUS_NEW_DATA) {
                sources.pdh[counter.name] = item.first;
            }
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

    std::unique_ptr<win::PdhQuery> query_;
    std::vector<PdhCounter> counters_;
    std::vector<std::string> pdh_notes_, cycle_notes_;
    MemoryCountExtender extender_;
};

}  // namespace

std::unique_ptr<MemorySource> makeMemorySource() {
    return std::make_unique<WindowsMemorySource>();
}

Result<MemorySection> readMemory() {
    return makeMemorySource()->read();
}

}  // namespace sysmetrics
