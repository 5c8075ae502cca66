#include "collectors/disk.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "base/counter_rate.h"
#include "base/text_parse.h"
#include "collectors/disk_performance.h"
#include "collectors/nt_layouts.h"

namespace sysmetrics {

namespace {

// Pseudo and container filesystems node_exporter leaves out by default.
const std::set<std::string>& ignoredFsTypes() {
    static const std::set<std::string> types = {
        "autofs",    "binfmt_misc",     "bpf",    "cgroup",     "cgroup2",
        "configfs",  "debugfs",         "devpts", "devtmpfs",   "fusectl",
        "hugetlbfs", "iso9660",         "mqueue", "nsfs",       "overlay",
        "proc",      "procfs",          "pstore", "rpc_pipefs", "securityfs",
        "selinuxfs", "squashfs",        "sysfs",  "tracefs",    "ramfs",
        "efivarfs",  "fuse.gvfsd-fuse", "tmpfs"};
    return types;
}

bool ignoredMountPoint(const std::string& path) {
    for (const char* prefix : {"/dev", "/proc", "/sys", "/run/credentials/", "/var/lib/docker/",
                               "/var/lib/containers/storage/"}) {
        const std::string p = prefix;
        if (path == p || path.rfind(p.back() == '/' ? p : p + "/", 0) == 0) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::optional<double> DiskInfo::usedPercent() const {
    const std::uint64_t used = size_bytes > free_bytes ? size_bytes - free_bytes : 0;
    const double room = double(used) + double(available_bytes);
    if (room <= 0) {
        return std::nullopt;
    }
    return 100.0 * double(used) / room;
}

std::vector<MountEntry> realMounts(std::string_view proc_mounts) {
    std::vector<MountEntry> out;
    std::set<std::string> seen;
    for (std::string_view line : splitLines(proc_mounts)) {
        const auto fields = splitFields(line);
        if (fields.size() < 4) {
            continue;
        }
        MountEntry m;
        m.device = unescapeOctal(fields[0]);
        m.mount_point = unescapeOctal(fields[1]);
        m.fs_type = std::string(fields[2]);
        const std::string options(fields[3]);
        m.read_only = options == "ro" || options.rfind("ro,", 0) == 0;
        if (ignoredFsTypes().count(m.fs_type) || ignoredMountPoint(m.mount_point) ||
            !seen.insert(m.mount_point).second) {
            continue;
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::map<std::string, DiskCounters> parseDiskstats(std::string_view text) {
    // /proc/diskstats always counts 512-byte sectors. Unsigned integer arithmetic: an absurd
    // count wraps like a counter instead of overflowing a double-to-integer conversion (found by
    // fuzz_parsers in CI: undefined behaviour).
    constexpr std::uint64_t kSectorBytes = 512;
    std::map<std::string, DiskCounters> out;
    for (std::string_view line : splitLines(text)) {
        const auto f = splitFields(line);
        if (f.size() < 14) {
            continue;
        }
        const auto u = [&](std::size_t i) { return parseUnsigned(f[i]).value_or(0); };
        DiskCounters c;
        c.reads = u(3);
        c.read_bytes = static_cast<std::uint64_t>(u(5) * kSectorBytes);
        c.read_seconds = u(6) / 1000.0;
        c.writes = u(7);
        c.write_bytes = static_cast<std::uint64_t>(u(9) * kSectorBytes);
        c.write_seconds = u(10) / 1000.0;
        c.in_flight = u(11);
        c.reads_merged = u(4);
        c.writes_merged = u(8);
        c.io_seconds = u(12) / 1000.0;
        c.io_weighted_seconds = u(13) / 1000.0;
        out[std::string(f[2])] = c;
    }
    return out;
}

std::optional<DiskCounters> parseDiskPerformance(const std::uint8_t* data, std::size_t size) {
    const auto record = parseDiskPerformanceRecord(data, size);
    if (!record) {
        return std::nullopt;
    }
    DiskCounters c;
    c.read_bytes = record->bytes_read;
    c.write_bytes = record->bytes_written;
    c.read_seconds = ticksToSeconds(record->read_time);
    c.write_seconds = ticksToSeconds(record->write_time);
    c.reads = record->read_count;
    c.writes = record->write_count;
    c.in_flight = record->queue_depth;
    return c;
}

void DiskCountExtender::apply(std::vector<DiskInfo>& disks) {
    std::map<std::string, Totals> kept;
    const auto extend = [](WrappingCounter& counter, std::optional<std::uint64_t>& value) {
        if (value) {
            value = counter.update(static_cast<std::uint32_t>(*value));
        }
    };
    for (auto& d : disks) {
        if (!d.reads && !d.writes && !d.split_ios) {
            continue;
        }
        auto it = totals_.find(d.volume);
        Totals& totals = kept[d.volume] = it != totals_.end() ? it->second : Totals{};
        extend(totals.reads, d.reads);
        extend(totals.writes, d.writes);
        extend(totals.split_ios, d.split_ios);
    }
    totals_ = std::move(kept);
}

std::string logicalDiskName(const std::vector<std::string>& mount_points,
                            const std::string& nt_device_path) {
    const auto trimmed = [](std::string path) {
        if (path.size() > 1 && path.back() == '\\') {
            path.pop_back();
        }
        return path;
    };
    for (const auto& path : mount_points) {
        if (path.size() <= 3 && path.size() >= 2 && path[1] == ':') {
            return trimmed(path);  // "C:\\" -> "C:"
        }
    }
    if (!mount_points.empty()) {
        return trimmed(mount_points.front());
    }
    const auto slash = nt_device_path.find_last_of('\\');
    return slash == std::string::npos ? nt_device_path : nt_device_path.substr(slash + 1);
}

std::optional<std::vector<std::uint32_t>> parseVolumeDiskExtents(const std::uint8_t* data,
                                                                 std::size_t size) {
    constexpr std::size_t kFirstExtent = 8, kExtentSize = 24;
    if (!data || size < 4) {
        return std::nullopt;
    }
    const auto count = readAt<std::uint32_t>(data, 0);
    if (count > (size - std::min(size, kFirstExtent)) / kExtentSize) {
        return std::nullopt;
    }
    std::vector<std::uint32_t> numbers;
    for (std::uint32_t i = 0; i < count; i++) {
        numbers.push_back(readAt<std::uint32_t>(data, kFirstExtent + i * kExtentSize));
    }
    return numbers;
}

std::string diskIdsLabel(const std::vector<std::uint32_t>& numbers) {
    std::vector<std::string> ids;
    for (const auto number : numbers) {
        ids.push_back(std::to_string(number));
    }
    std::sort(ids.begin(), ids.end());  // as text, like windows_exporter: "10" before "2"
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::string out;
    for (const auto& id : ids) {
        out += (out.empty() ? "" : ";") + id;
    }
    return out;
}

std::string volumeSerialLabel(std::uint32_t serial) {
    char text[16];
    std::snprintf(text, sizeof text, "%X", static_cast<unsigned>(serial));
    return text;
}

std::string logicalDiskTypeLabel(unsigned drive_type) {
    static const char* const kNames[] = {"unknown", "norootdir", "removable", "fixed",
                                         "remote",  "cdrom",     "ramdisk"};
    return drive_type < std::size(kNames) ? kNames[drive_type] : "unknown";
}

const std::vector<std::string>& logicalDiskPdhCounters() {
    static const std::vector<std::string> counters = [] {
        std::vector<std::string> all = {"Avg. Disk Read Queue Length",
                                        "Avg. Disk Write Queue Length"};
        all.insert(all.end(), kDiskPdhCounters.begin(), kDiskPdhCounters.end());
        return all;
    }();
    return counters;
}

std::vector<std::string> applyLogicalDiskPdh(
    const std::map<std::string, std::vector<PdhRawSample>>& counters,
    std::optional<double> time_base, std::vector<DiskInfo>& volumes) {
    const auto trimmed = [](const std::string& path) {
        return path.size() > 1 && path.back() == '\\' ? path.substr(0, path.size() - 1) : path;
    };
    std::map<std::string, DiskInfo*> by_name;
    for (auto& v : volumes) {
        by_name.emplace(v.volume, &v);
        for (const auto& path : v.mount_points) {
            by_name.emplace(trimmed(path), &v);
        }
        if (!v.nt_device.empty()) {
            by_name.emplace(v.nt_device, &v);
        }
    }
    std::vector<std::string> unmatched;
    for (const auto& name : logicalDiskPdhCounters()) {
        const auto samples = counters.find(name);
        if (samples == counters.end()) {
            continue;
        }
        for (const auto& sample : samples->second) {
            if (sample.instance == "_Total" || sample.instance.empty()) {
                continue;
            }
            const auto it = by_name.find(sample.instance);
            if (it == by_name.end()) {
                if (std::find(unmatched.begin(), unmatched.end(), sample.instance) ==
                    unmatched.end()) {
                    unmatched.push_back(sample.instance);
                }
                continue;
            }
            DiskInfo& v = *it->second;
            v.volume = sample.instance;  // PDH's own name for it is windows_exporter's label
            if (name == "Avg. Disk Read Queue Length") {
                v.read_queue_seconds = ticksToSeconds(static_cast<std::uint64_t>(sample.first));
            } else if (name == "Avg. Disk Write Queue Length") {
                v.write_queue_seconds = ticksToSeconds(static_cast<std::uint64_t>(sample.first));
            } else {
                applyDiskPdhValue(name, sample.first, time_base, v);
            }
        }
    }
    return unmatched;
}

void applyLogicalDiskPerformance(const DiskPerformance& p, DiskInfo& volume) {
    applyDiskPerformance(p, volume);
    // PDH computes both queue-length integrals from the same ReadTime / WriteTime.
    volume.read_queue_seconds = volume.read_seconds;
    volume.write_queue_seconds = volume.write_seconds;
}

void deriveDiskRates(const DiskSection& previous, DiskSection& current, double seconds) {
    std::map<std::pair<std::string, std::string>, const DiskInfo*> before;
    for (const auto& disk : previous.disks) {
        before.emplace(std::make_pair(disk.volume, disk.device), &disk);
    }
    for (auto& disk : current.disks) {
        const auto it = before.find({disk.volume, disk.device});
        if (it == before.end()) {
            continue;
        }
        const DiskInfo& was = *it->second;
        disk.read_bytes_per_second = perSecond(was.read_bytes, disk.read_bytes, seconds);
        disk.write_bytes_per_second = perSecond(was.write_bytes, disk.write_bytes, seconds);
        disk.reads_per_second = perSecond(was.reads, disk.reads, seconds);
        disk.writes_per_second = perSecond(was.writes, disk.writes, seconds);
    }
}

}  // namespace sysmetrics
