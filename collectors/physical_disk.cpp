#include "collectors/physical_disk.h"

#include <algorithm>

#include "base/text_parse.h"
#include "collectors/disk.h"

namespace sysmetrics {

std::optional<std::string> pdhPhysicalDiskNumber(std::string_view instance) {
    const std::string_view number = instance.substr(0, instance.find(' '));
    if (number.empty() || instance == "_Total") {
        return std::nullopt;
    }
    return std::string(number);
}

const std::vector<std::string>& kPhysicalDiskPdhCounters = kDiskPdhCounters;

std::vector<PhysicalDiskInfo> physicalDisksFromPdh(
    const std::map<std::string, std::vector<PdhRawSample>>& counters,
    std::optional<double> time_base) {
    std::vector<PhysicalDiskInfo> disks;
    std::map<std::string, std::size_t> index;
    // In windows_exporter's counter order, so the disks come in the order PDH lists them.
    for (const auto& name : kPhysicalDiskPdhCounters) {
        auto samples = counters.find(name);
        if (samples == counters.end()) {
            continue;
        }
        for (const auto& sample : samples->second) {
            const auto number = pdhPhysicalDiskNumber(sample.instance);
            if (!number) {
                continue;
            }
            auto [it, added] = index.emplace(*number, disks.size());
            if (added) {
                disks.push_back(PhysicalDiskInfo{});
                disks.back().disk = *number;
            }
            applyDiskPdhValue(name, sample.first, time_base, disks[it->second]);
        }
    }
    return disks;
}

PhysicalDiskInfo physicalDiskFromPerformance(std::string disk, const DiskPerformance& p) {
    PhysicalDiskInfo d;
    d.disk = std::move(disk);
    applyDiskPerformance(p, d);
    return d;
}

std::vector<std::string> splitMultiString(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\0', start), text.size());
        if (end == start) {
            break;  // the empty string that ends the list
        }
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::vector<unsigned> physicalDriveNumbers(const std::vector<std::string>& dos_names) {
    static const std::string kPrefix = "PhysicalDrive";
    std::vector<unsigned> numbers;
    for (const auto& name : dos_names) {
        if (name.size() <= kPrefix.size() || name.compare(0, kPrefix.size(), kPrefix) != 0) {
            continue;
        }
        const auto number = parseUnsigned(std::string_view(name).substr(kPrefix.size()));
        if (number && *number <= 0xFFFFFFFFu) {
            numbers.push_back(static_cast<unsigned>(*number));
        }
    }
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    return numbers;
}

std::vector<PhysicalDiskInfo> physicalDisksFromDiskstats(std::string_view diskstats,
                                                         const std::set<std::string>& whole_disks) {
    std::vector<PhysicalDiskInfo> disks;
    for (const auto& [name, c] : parseDiskstats(diskstats)) {
        if (whole_disks.count(name) == 0) {
            continue;
        }
        PhysicalDiskInfo d;
        d.disk = name;
        d.requests_queued = static_cast<double>(c.in_flight);
        d.read_bytes = c.read_bytes;
        d.write_bytes = c.write_bytes;
        d.reads = c.reads;
        d.writes = c.writes;
        // The kernel's per-request time sums: Windows' ReadTime/WriteTime in meaning.
        d.read_seconds = c.read_seconds;
        d.write_seconds = c.write_seconds;
        d.read_latency_seconds = c.read_seconds;
        d.write_latency_seconds = c.write_seconds;
        d.read_write_latency_seconds = c.read_seconds + c.write_seconds;
        disks.push_back(std::move(d));
    }
    return disks;
}

void PhysicalDiskCountExtender::apply(std::vector<PhysicalDiskInfo>& disks) {
    std::map<std::string, Totals> kept;
    const auto extend = [](WrappingCounter& counter, std::optional<std::uint64_t>& value) {
        if (value) {
            value = counter.update(static_cast<std::uint32_t>(*value));
        }
    };
    for (auto& d : disks) {
        auto it = totals_.find(d.disk);
        Totals& totals = kept[d.disk] = it != totals_.end() ? it->second : Totals{};
        extend(totals.reads, d.reads);
        extend(totals.writes, d.writes);
        extend(totals.split_ios, d.split_ios);
    }
    totals_ = std::move(kept);
}

}  // namespace sysmetrics
