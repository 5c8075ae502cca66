#include <windows.h>

#include "base/windows/handles.h"
#include "base/windows/nt_api.h"
#include "base/windows/win_error.h"
#include "collectors/pagefile.h"
#include "collectors/windows/pdh_raw_object.h"

namespace sysmetrics {

namespace {

// The size of a file from its directory entry, as Go's os.Stat reads it for windows_exporter
// when the file is held open without sharing (pagefile.sys): FindFirstFileExW.
Result<std::uint64_t> fileSize(const std::string& path) {
    WIN32_FIND_DATAW found{};
    win::UniqueFindHandle find(::FindFirstFileExW(win::toWide(path).c_str(), FindExInfoBasic,
                                                  &found, FindExSearchNameMatch, nullptr, 0));
    if (!find) {
        return win::lastError("FindFirstFileExW " + path);
    }
    return (static_cast<std::uint64_t>(found.nFileSizeHigh) << 32) | found.nFileSizeLow;
}

// windows_exporter's pagefile collector: PDH's "Paging File" object read raw for the pages in
// use of each file, the file's size from the file system. Where PDH lists no paging file (the
// object absent, as under Wine) the kernel's own list: NtQuerySystemInformation
// (SystemPageFileInformation), sizes and use in pages.
class WindowsPagefileSource : public PagefileSource {
public:
    WindowsPagefileSource() : pdh_("Paging File", kPagefilePdhCounters, win::PdhInstances::every) {
        SYSTEM_INFO info{};
        ::GetSystemInfo(&info);
        page_size_ = info.dwPageSize;
        if (!pdh_.available()) {
            fallback_notes_.push_back(pdh_.unavailable() + "; " + kNtSource);
            return;
        }
        for (const auto& absent : pdh_.absent()) {
            pdh_notes_.push_back(absent + "; not in /api/v1/pagefile");
        }
        fallback_notes_.push_back(std::string("PDH lists no Paging File instance; ") + kNtSource);
    }

    Result<PagefileSection> read() override {
        cycle_notes_.clear();
        PagefileSection section;
        if (pdh_.available()) {
            for (const auto& pdh : pagefilesFromPdh(pdh_.read(cycle_notes_))) {
                const std::string file = pagefileLabel(pdh.instance);
                auto size = fileSize(file);
                if (!size.ok()) {
                    cycle_notes_.push_back(size.error().describe() +
                                           "; its limit and free bytes are left out");
                }
                section.files.push_back(pagefileFromPdh(
                    pdh, size.ok() ? std::optional<std::uint64_t>(size.value()) : std::nullopt,
                    page_size_));
            }
            section.source = "pdh";
        }
        if (section.files.empty()) {
            auto files = readNt();
            if (!files.ok()) {
                return files.error();
            }
            section.files = std::move(files).value();
            section.source = "nt";
        }
        source_ = section.source;
        return section;
    }

    std::vector<std::string> notes() const override {
        return joinNotes(source_ == "pdh" ? pdh_notes_ : fallback_notes_, cycle_notes_);
    }

private:
    static constexpr const char* kNtSource =
        "reading NtQuerySystemInformation(SystemPageFileInformation)";

    Result<std::vector<PagefileInfo>> readNt() {
        auto returned =
            nt::querySystemInformation(nt::kSystemPageFileInformation, buffer_,
                                       "NtQuerySystemInformation(SystemPageFileInformation)");
        if (!returned.ok()) {
            return returned.error();
        }
        auto parsed = parsePageFileInformation(buffer_.data(), returned.value(),
                                               reinterpret_cast<std::uintptr_t>(buffer_.data()));
        if (!parsed.ok()) {
            Error error = parsed.error();
            error.where = "NtQuerySystemInformation(SystemPageFileInformation)";
            return error;
        }
        std::vector<PagefileInfo> files;
        for (const auto& nt : parsed.value()) {
            files.push_back(pagefileFromNt(nt, page_size_));
        }
        return files;
    }

    win::PdhRawObject pdh_;
    std::uint64_t page_size_ = 4096;
    std::vector<std::uint8_t> buffer_;
    std::vector<std::string> pdh_notes_, fallback_notes_, cycle_notes_;
    std::string source_;
};

}  // namespace

std::unique_ptr<PagefileSource> makePagefileSource() {
    return std::make_unique<WindowsPagefileSource>();
}

}  // namespace sysmetrics
