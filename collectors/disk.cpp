#include "collectors/disk.h"

#include <map>
#include <set>

#include "base/counter_rate.h"
#include "base/text_parse.h"
#include "collectors/disk_performance.h"

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

// /proc/mounts escapes spaces and tabs as octal: "\040".
std::string unescapeMount(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); i++) {
        if (text[i] == '\\' && i + 3 < text.size()) {
            const std::string_view digits = text.substr(i + 1, 3);
            if (digits.size() == 3 &&
                digits.find_first_not_of("01234567") == std::string_view::npos) {
                out.push_back(static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 +
                                                (digits[2] - '0')));
                i += 3;
                continue;
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

}  // namespace

std::vector<MountEntry> realMounts(std::string_view proc_mounts) {
    std::vector<MountEntry> out;
    std::set<std::string> seen;
    for (std::string_view line : splitLines(proc_mounts)) {
        const auto fields = splitFields(line);
        if (fields.size() < 4) {
            continue;
        }
        MountEntry m;
        m.device = unescapeMount(fields[0]);
        m.mount_point = unescapeMount(fields[1]);
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
    c.read_seconds = hundredNanosToSeconds(record->read_time);
    c.write_seconds = hundredNanosToSeconds(record->write_time);
    c.reads = record->read_count;
    c.writes = record->write_count;
    c.in_flight = record->queue_depth;
    return c;
}

void DiskCountExtender::apply(std::vector<DiskInfo>& disks) {
    std::map<std::string, Totals> kept;
    for (auto& d : disks) {
        if (!d.reads && !d.writes) {
            continue;
        }
        auto it = totals_.find(d.volume);
        Totals& totals = kept[d.volume] = it != totals_.end() ? it->second : Totals{};
        if (d.reads) {
            d.reads = totals.reads.update(static_cast<std::uint32_t>(*d.reads));
        }
        if (d.writes) {
            d.writes = totals.writes.update(static_cast<std::uint32_t>(*d.writes));
        }
    }
    totals_ = std::move(kept);
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
