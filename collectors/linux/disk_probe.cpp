#include <sys/statvfs.h>

#include "base/file_read.h"
#include "collectors/disk.h"

namespace sysmetrics {

namespace {

Result<DiskSection> readLinuxDisks() {
    auto mounts = readTextFile("/proc/mounts");
    if (!mounts.ok()) {
        return mounts.error();
    }
    std::map<std::string, DiskCounters> counters;
    if (auto stats = readTextFile("/proc/diskstats"); stats.ok()) {
        counters = parseDiskstats(stats.value());
    }
    DiskSection section;
    section.source = "diskstats";
    for (const auto& m : realMounts(mounts.value())) {
        struct statvfs fs {};
        if (statvfs(m.mount_point.c_str(), &fs) != 0) {
            continue;  // unmounted meanwhile, or not ours to see
        }
        DiskInfo d;
        d.volume = m.mount_point;
        d.device = m.device;
        d.fs_type = m.fs_type;
        d.read_only = m.read_only || (fs.f_flag & ST_RDONLY);
        d.drive_type = m.device.rfind("/dev/", 0) == 0 ? "fixed" : "network";
        const std::uint64_t unit = fs.f_frsize ? fs.f_frsize : fs.f_bsize;
        d.size_bytes = fs.f_blocks * unit;
        d.free_bytes = fs.f_bfree * unit;
        d.available_bytes = fs.f_bavail * unit;
        d.files = fs.f_files;
        d.files_free = fs.f_ffree;
        const std::string name = m.device.rfind("/dev/", 0) == 0 ? m.device.substr(5) : "";
        if (auto it = counters.find(name); !name.empty() && it != counters.end()) {
            d.reads = it->second.reads;
            d.writes = it->second.writes;
            d.read_bytes = it->second.read_bytes;
            d.write_bytes = it->second.write_bytes;
            d.read_seconds = it->second.read_seconds;
            d.write_seconds = it->second.write_seconds;
            d.reads_merged = it->second.reads_merged;
            d.writes_merged = it->second.writes_merged;
            d.io_seconds = it->second.io_seconds;
            d.io_weighted_seconds = it->second.io_weighted_seconds;
        }
        section.disks.push_back(std::move(d));
    }
    return section;
}

class LinuxDiskSource : public DiskSource {
public:
    Result<DiskSection> read() override { return readLinuxDisks(); }
};

}  // namespace

std::unique_ptr<DiskSource> makeDiskSource() {
    return std::make_unique<LinuxDiskSource>();
}

}  // namespace sysmetrics
