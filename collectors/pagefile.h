#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/nt_layouts.h"
#include "collectors/pdh_raw.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

// One paging file (Windows) or swap area (Linux).
struct PagefileInfo {
    // Windows: windows_exporter's `file` label, the kernel's name without "\??\"
    // ("C:\pagefile.sys"); Linux: the /proc/swaps file name ("/swapfile", "/dev/dm-1").
    std::string file;
    // Its size now; absent when unreadable (named in a note).
    std::optional<std::uint64_t> limit_bytes;
    std::uint64_t used_bytes = 0;
    std::optional<std::uint64_t> peak_used_bytes;  // Windows: the most in use since boot

    // windows_exporter's free bytes: size - used, as it computes them; absent without a size.
    std::optional<double> freeBytes() const;
};

struct PagefileSection : Section {
    static constexpr const char* kName = "pagefile";
    std::string source;  // "pdh", "nt" or "swaps"
    std::vector<PagefileInfo> files;
};

// The platform's source (collectors/windows or collectors/linux); on Windows it keeps the PDH
// query open.
using PagefileSource = SectionSource<PagefileSection>;
std::unique_ptr<PagefileSource> makePagefileSource();
using PagefileCollector = SourceCollector<PagefileSection>;

// ---- Portable interpretation ----

// windows_exporter's `file` label from the kernel's name of a paging file (PDH "Paging File"
// instance or SYSTEM_PAGEFILE_INFORMATION PageFileName): every "\??\" removed,
// "\??\C:\pagefile.sys" -> "C:\pagefile.sys".
std::string pagefileLabel(std::string_view nt_name);

// The English "Paging File" counters read raw: "% Usage" (FirstValue: pages in use) and
// "% Usage Peak" (the most pages in use since boot).
extern const std::vector<std::string> kPagefilePdhCounters;

// One paging file as PDH lists it: its instance name and pages in use.
struct PdhPagefile {
    std::string instance;  // "\??\C:\pagefile.sys"
    std::uint64_t used_pages = 0;
    std::optional<std::uint64_t> peak_pages;
};
// The paging files of PDH's raw "Paging File" arrays, in PDH's order; _Total skipped, as
// windows_exporter skips it.
std::vector<PdhPagefile> pagefilesFromPdh(const PdhRawCounters& counters);

// A paging file from PDH and the size of the file (windows_exporter: os.Stat of the path),
// pages of `page_size` bytes.
PagefileInfo pagefileFromPdh(const PdhPagefile& pdh, std::optional<std::uint64_t> file_bytes,
                             std::uint64_t page_size);
// A paging file from SYSTEM_PAGEFILE_INFORMATION: its size is TotalSize pages.
PagefileInfo pagefileFromNt(const NtPageFile& nt, std::uint64_t page_size);

// Swap areas from the text of /proc/swaps (sizes in KiB; octal escapes in names undone).
std::vector<PagefileInfo> pagefilesFromSwaps(std::string_view text);

// windows_exporter <= v0.29's windows_os_paging_limit_bytes and windows_os_paging_free_bytes:
// summed over the paging files. Absent when a file's size is unknown.
struct PagingTotals {
    double limit_bytes = 0;
    double free_bytes = 0;
};
std::optional<PagingTotals> pagingTotals(const std::vector<PagefileInfo>& files);

}  // namespace sysmetrics
