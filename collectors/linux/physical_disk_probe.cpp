#include <dirent.h>
#include <sys/stat.h>

#include <memory>

#include "base/file_read.h"
#include "collectors/physical_disk.h"

namespace sysmetrics {

namespace {

// /sys/block entries backed by a device: whole disks. Loop, zram, device-mapper and md devices
// have no `device` link, and partitions are not listed in /sys/block at all.
std::set<std::string> wholeDisks() {
    std::set<std::string> disks;
    const std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir("/sys/block"), &::closedir);
    if (!dir) {
        return disks;
    }
    while (const dirent* entry = ::readdir(dir.get())) {
        const std::string name = entry->d_name;
        struct stat info {};
        if (name[0] != '.' && ::stat(("/sys/block/" + name + "/device").c_str(), &info) == 0) {
            disks.insert(name);
        }
    }
    return disks;
}

class DiskstatsSource : public PhysicalDiskSource {
public:
    Result<PhysicalDiskSection> read() override {
        auto stats = readTextFile("/proc/diskstats");
        if (!stats.ok()) {
            return stats.error();
        }
        PhysicalDiskSection section;
        section.source = "diskstats";
        section.disks = physicalDisksFromDiskstats(stats.value(), wholeDisks());
        return section;
    }
    std::vector<std::string> notes() const override {
        return {"split_ios_total: /proc/diskstats has no split count",
                "idle_seconds_total: /proc/diskstats counts busy time, not idle time since the "
                "disk appeared"};
    }
};

}  // namespace

std::unique_ptr<PhysicalDiskSource> makePhysicalDiskSource() {
    return std::make_unique<DiskstatsSource>();
}

}  // namespace sysmetrics
