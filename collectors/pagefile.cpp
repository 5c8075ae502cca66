#include "collectors/pagefile.h"

#include <map>

#include "base/text_parse.h"

namespace sysmetrics {

std::optional<double> PagefileInfo::freeBytes() const {
    if (!limit_bytes) {
        return std::nullopt;
    }
    return static_cast<double>(*limit_bytes) - static_cast<double>(used_bytes);
}

std::string pagefileLabel(std::string_view nt_name) {
    constexpr std::string_view kPrefix = "\\??\\";
    std::string label;
    std::size_t at = 0;
    for (std::size_t found; (found = nt_name.find(kPrefix, at)) != std::string_view::npos;
         at = found + kPrefix.size()) {
        label.append(nt_name.substr(at, found - at));
    }
    label.append(nt_name.substr(at));
    return label;
}

const std::vector<std::string> kPagefilePdhCounters = {"% Usage", "% Usage Peak"};

std::vector<PdhPagefile> pagefilesFromPdh(const PdhRawCounters& counters) {
    std::vector<PdhPagefile> files;
    auto usage = counters.find("% Usage");
    if (usage == counters.end()) {
        return files;
    }
    std::map<std::string, std::uint64_t> peaks;
    if (auto peak = counters.find("% Usage Peak"); peak != counters.end()) {
        for (const auto& sample : peak->second) {
            peaks[sample.instance] = static_cast<std::uint64_t>(sample.first);
        }
    }
    for (const auto& sample : usage->second) {
        if (sample.instance.empty() || sample.instance == "_Total") {
            continue;
        }
        PdhPagefile file{sample.instance, static_cast<std::uint64_t>(sample.first), std::nullopt};
        if (auto peak = peaks.find(sample.instance); peak != peaks.end()) {
            file.peak_pages = peak->second;
        }
        files.push_back(std::move(file));
    }
    return files;
}

PagefileInfo pagefileFromPdh(const PdhPagefile& pdh, std::optional<std::uint64_t> file_bytes,
                             std::uint64_t page_size) {
    PagefileInfo info;
    info.file = pagefileLabel(pdh.instance);
    info.limit_bytes = file_bytes;
    info.used_bytes = pdh.used_pages * page_size;
    if (pdh.peak_pages) {
        info.peak_used_bytes = *pdh.peak_pages * page_size;
    }
    return info;
}

PagefileInfo pagefileFromNt(const NtPageFile& nt, std::uint64_t page_size) {
    PagefileInfo info;
    info.file = pagefileLabel(nt.name);
    info.limit_bytes = std::uint64_t{nt.total_pages} * page_size;
    info.used_bytes = std::uint64_t{nt.in_use_pages} * page_size;
    info.peak_used_bytes = std::uint64_t{nt.peak_pages} * page_size;
    return info;
}

std::vector<PagefileInfo> pagefilesFromSwaps(std::string_view text) {
    std::vector<PagefileInfo> files;
    for (std::string_view line : splitLines(text)) {
        const auto fields = splitFields(line);
        if (fields.size() < 4) {
            continue;
        }
        const auto size = parseUnsigned(fields[2]);
        const auto used = parseUnsigned(fields[3]);
        if (!size || !used) {
            continue;  // the header line
        }
        PagefileInfo info;
        info.file = unescapeOctal(fields[0]);
        info.limit_bytes = *size * 1024;
        info.used_bytes = *used * 1024;
        files.push_back(std::move(info));
    }
    return files;
}

std::optional<PagingTotals> pagingTotals(const std::vector<PagefileInfo>& files) {
    PagingTotals totals;
    for (const auto& file : files) {
        if (!file.limit_bytes) {
            return std::nullopt;
        }
        totals.limit_bytes += static_cast<double>(*file.limit_bytes);
        totals.free_bytes += *file.freeBytes();
    }
    return totals;
}

}  // namespace sysmetrics
