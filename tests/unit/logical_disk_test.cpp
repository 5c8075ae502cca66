// The disks collector's Windows interpretation on raw data built to the documented layouts: PDH
// LogicalDisk instance names and raw values, DISK_PERFORMANCE, VOLUME_DISK_EXTENTS, the volume
// naming windows_exporter labels by; the windows_logical_disk_* families and the volume filter.
#include <gtest/gtest.h>

#include <cstring>

#include "collectors/disk.h"
#include "config/disk_settings.h"
#include "http/prometheus/collector_metrics.h"
#include "tests/unit/family_text.h"

namespace sysmetrics {

namespace {

template <typename T>
void put(std::uint8_t* buffer, std::size_t offset, T value) {
    std::memcpy(buffer + offset, &value, sizeof value);
}

DiskInfo volume(std::string name, std::vector<std::string> mounts, std::string nt_device) {
    DiskInfo d;
    d.volume = std::move(name);
    d.mount_points = std::move(mounts);
    d.nt_device = std::move(nt_device);
    return d;
}

std::string render(const DiskSection& section, const RenderContext& context) {
    FamilyList families;
    appendDiskMetrics(section, context, families);
    return familiesText(families, "# ");
}

}  // namespace

TEST(LogicalDisk, VolumesAreNamedAsPdhLogicalDiskNamesThem) {
    EXPECT_EQ(logicalDiskName({"C:\\"}, "\\Device\\HarddiskVolume3"), "C:");
    // A drive letter wins over a mount folder, wherever GetVolumePathNamesForVolumeNameW lists it.
    EXPECT_EQ(logicalDiskName({"D:\\mnt\\data\\", "E:\\"}, "\\Device\\HarddiskVolume4"), "E:");
    EXPECT_EQ(logicalDiskName({"C:\\mnt\\sql\\"}, "\\Device\\HarddiskVolume5"), "C:\\mnt\\sql");
    EXPECT_EQ(logicalDiskName({}, "\\Device\\HarddiskVolume1"), "HarddiskVolume1");
    EXPECT_EQ(logicalDiskName({}, ""), "");
}

TEST(LogicalDisk, InfoLabelsAreWrittenAsWindowsExporterWritesThem) {
    EXPECT_EQ(diskIdsLabel({0}), "0");
    EXPECT_EQ(diskIdsLabel({2, 10, 2, 1}), "1;10;2");  // sorted as text, unique
    EXPECT_EQ(diskIdsLabel({}), "");
    EXPECT_EQ(volumeSerialLabel(0x0A1B2C3Du), "A1B2C3D");  // "%X": no leading zero
    EXPECT_EQ(volumeSerialLabel(0xDEADBEEFu), "DEADBEEF");
    EXPECT_EQ(logicalDiskTypeLabel(3), "fixed");  // DRIVE_FIXED
    EXPECT_EQ(logicalDiskTypeLabel(2), "removable");
    EXPECT_EQ(logicalDiskTypeLabel(4), "remote");
    EXPECT_EQ(logicalDiskTypeLabel(5), "cdrom");
    EXPECT_EQ(logicalDiskTypeLabel(6), "ramdisk");
    EXPECT_EQ(logicalDiskTypeLabel(1), "norootdir");
    EXPECT_EQ(logicalDiskTypeLabel(0), "unknown");
    EXPECT_EQ(logicalDiskTypeLabel(99), "unknown");
}

TEST(LogicalDisk, VolumeDiskExtentsGiveTheDiskNumbers) {
    // VOLUME_DISK_EXTENTS: DWORD NumberOfDiskExtents, padding, then DISK_EXTENT { DWORD
    // DiskNumber; LARGE_INTEGER StartingOffset; LARGE_INTEGER ExtentLength; } of 24 bytes.
    std::vector<std::uint8_t> bytes(8 + 2 * 24, 0);
    put<std::uint32_t>(bytes.data(), 0, 2);
    put<std::uint32_t>(bytes.data(), 8, 1);
    put<std::uint64_t>(bytes.data(), 16, 1048576);
    put<std::uint64_t>(bytes.data(), 24, 1ull << 40);
    put<std::uint32_t>(bytes.data(), 32, 0);
    const auto numbers = parseVolumeDiskExtents(bytes.data(), bytes.size());
    ASSERT_TRUE(numbers);
    EXPECT_EQ(*numbers, (std::vector<std::uint32_t>{1, 0}));
    EXPECT_EQ(diskIdsLabel(*numbers), "0;1");
    // A count the bytes do not hold: nothing made up.
    EXPECT_FALSE(parseVolumeDiskExtents(bytes.data(), bytes.size() - 1));
    EXPECT_FALSE(parseVolumeDiskExtents(bytes.data(), 3));
    EXPECT_FALSE(parseVolumeDiskExtents(nullptr, 0));
}

TEST(LogicalDisk, PdhRawValuesMapToWindowsExporterMeanings) {
    std::vector<DiskInfo> volumes = {volume("C:", {"C:\\"}, "HarddiskVolume3"),
                                     volume("D:\\mnt\\sql", {"D:\\mnt\\sql\\"}, "HarddiskVolume4"),
                                     volume("HarddiskVolume1", {}, "HarddiskVolume1")};
    std::map<std::string, std::vector<PdhRawSample>> raw;
    raw["Current Disk Queue Length"] = {{"C:", 3}, {"D:\\mnt\\sql", 0}, {"_Total", 3}};
    // PERF_COUNTER_100NS_QUEUELEN_TYPE: the queue length integrated in 100 ns units.
    raw["Avg. Disk Read Queue Length"] = {{"C:", 25000000}, {"_Total", 25000000}};
    raw["Avg. Disk Write Queue Length"] = {{"C:", 5000000}};
    raw["Disk Read Bytes/sec"] = {{"C:", 4096}, {"HarddiskVolume1", 512}};
    raw["Disk Reads/sec"] = {{"C:", 10}};
    raw["% Disk Read Time"] = {{"C:", 25000000}};  // PERF_PRECISION_100NS_TIMER: 2.5 s
    raw["% Idle Time"] = {{"C:", 36000000000}};    // 3600 s
    raw["Split IO/Sec"] = {{"C:", 7}};
    raw["Avg. Disk sec/Read"] = {{"C:", 5000000}};  // PERF_AVERAGE_TIMER numerator, in ticks
    raw["Avg. Disk sec/Transfer"] = {{"C:", 7500000}, {"HarddiskVolume9", 1}};
    const auto unmatched = applyLogicalDiskPdh(raw, 2500000.0, volumes);
    EXPECT_EQ(unmatched, std::vector<std::string>{"HarddiskVolume9"});

    const DiskInfo& c = volumes[0];
    EXPECT_EQ(c.requests_queued, 3.0);
    EXPECT_DOUBLE_EQ(*c.read_queue_seconds, 2.5);
    EXPECT_DOUBLE_EQ(*c.write_queue_seconds, 0.5);
    EXPECT_EQ(c.read_bytes, 4096u);
    EXPECT_EQ(c.reads, 10u);
    EXPECT_DOUBLE_EQ(*c.read_seconds, 2.5);
    EXPECT_DOUBLE_EQ(*c.idle_seconds, 3600.0);
    EXPECT_EQ(c.split_ios, 7u);
    EXPECT_DOUBLE_EQ(*c.read_latency_seconds, 2.0);  // ticks / time base
    EXPECT_DOUBLE_EQ(*c.read_write_latency_seconds, 3.0);
    EXPECT_FALSE(c.write_latency_seconds);  // no sample: absent, not 0
    EXPECT_FALSE(c.write_bytes);
    // The mount folder instance is the folder without its trailing backslash.
    EXPECT_EQ(volumes[1].requests_queued, 0.0);
    EXPECT_FALSE(volumes[1].read_bytes);
    // A volume without a letter or folder is HarddiskVolumeN.
    EXPECT_EQ(volumes[2].read_bytes, 512u);
}

TEST(LogicalDisk, PdhNamesTheVolumeWhereItNamesItOtherwise) {
    // Should PDH name a folder-mounted volume by its device rather than its folder, the series
    // still carry PDH's name, as windows_exporter's do.
    std::vector<DiskInfo> volumes = {volume("D:\\mnt\\sql", {"D:\\mnt\\sql\\"}, "HarddiskVolume4")};
    std::map<std::string, std::vector<PdhRawSample>> raw;
    raw["Disk Reads/sec"] = {{"HarddiskVolume4", 5}};
    EXPECT_TRUE(applyLogicalDiskPdh(raw, std::nullopt, volumes).empty());
    EXPECT_EQ(volumes[0].volume, "HarddiskVolume4");
    EXPECT_EQ(volumes[0].reads, 5u);
}

TEST(LogicalDisk, WithoutATimeBaseTheLatencySumsAreLeftOut) {
    std::vector<DiskInfo> volumes = {volume("C:", {"C:\\"}, "HarddiskVolume3")};
    std::map<std::string, std::vector<PdhRawSample>> raw;
    raw["Avg. Disk sec/Read"] = {{"C:", 10000000}};
    raw["% Disk Read Time"] = {{"C:", 10000000}};
    applyLogicalDiskPdh(raw, std::nullopt, volumes);
    EXPECT_FALSE(volumes[0].read_latency_seconds);
    EXPECT_DOUBLE_EQ(*volumes[0].read_seconds, 1.0);
}

TEST(LogicalDisk, DiskPerformanceGivesEveryCounter) {
    DiskPerformance p;
    p.bytes_read = 1048576;
    p.bytes_written = 2097152;
    p.read_time = 25000000;  // 2.5 s
    p.write_time = 5000000;  // 0.5 s
    p.idle_time = 36000000000ull;
    p.read_count = 300;
    p.write_count = 400;
    p.queue_depth = 2;
    p.split_count = 7;
    DiskInfo d = volume("C:", {"C:\\"}, "HarddiskVolume3");
    applyLogicalDiskPerformance(p, d);
    EXPECT_EQ(d.requests_queued, 2.0);
    EXPECT_EQ(d.read_bytes, 1048576u);
    EXPECT_EQ(d.write_bytes, 2097152u);
    EXPECT_EQ(d.reads, 300u);
    EXPECT_EQ(d.writes, 400u);
    EXPECT_EQ(d.split_ios, 7u);
    EXPECT_DOUBLE_EQ(*d.read_seconds, 2.5);
    EXPECT_DOUBLE_EQ(*d.write_seconds, 0.5);
    EXPECT_DOUBLE_EQ(*d.idle_seconds, 3600.0);
    // PDH computes the queue-length integrals and the latency sums from the same ReadTime and
    // WriteTime.
    EXPECT_DOUBLE_EQ(*d.read_queue_seconds, 2.5);
    EXPECT_DOUBLE_EQ(*d.write_queue_seconds, 0.5);
    EXPECT_DOUBLE_EQ(*d.read_latency_seconds, 2.5);
    EXPECT_DOUBLE_EQ(*d.write_latency_seconds, 0.5);
    EXPECT_DOUBLE_EQ(*d.read_write_latency_seconds, 3.0);
}

TEST(LogicalDisk, SplitCountWrapsAreCarriedLikeReadCount) {
    DiskCountExtender extender;
    std::vector<DiskInfo> disks(1);
    disks[0].volume = "C:";
    disks[0].split_ios = 0xFFFFFFF0u;
    extender.apply(disks);
    disks[0].split_ios = 0x10u;
    extender.apply(disks);
    EXPECT_EQ(disks[0].split_ios, 0x100000010ull);
}

TEST(LogicalDisk, WindowsFamiliesAndInfoLabels) {
    DiskSection section;
    DiskInfo d = volume("C:", {"C:\\"}, "HarddiskVolume3");
    d.label = "System";
    d.fs_type = "NTFS";
    d.volume_type = "fixed";
    d.disk_ids = "0";
    d.serial_number = "A1B2C3D";
    d.size_bytes = 1000;
    d.free_bytes = 400;
    DiskPerformance p;
    p.read_time = 10000000;
    p.queue_depth = 1;
    applyLogicalDiskPerformance(p, d);
    section.disks.push_back(d);
    DiskInfo bare = volume("HarddiskVolume1", {}, "HarddiskVolume1");  // no counters
    section.disks.push_back(bare);

    const std::string text = render(section, RenderContext(MetricNaming::windows));
    EXPECT_NE(text.find("# windows_logical_disk_info gauge\n"
                        "windows_logical_disk_info{disk=\"0\",type=\"fixed\",volume=\"C:\","
                        "volume_name=\"System\",filesystem=\"NTFS\",serial_number=\"A1B2C3D\"} 1"),
              std::string::npos)
        << text;
    for (const char* family : {"# windows_logical_disk_requests_queued gauge",
                               "# windows_logical_disk_avg_read_requests_queued gauge",
                               "# windows_logical_disk_avg_write_requests_queued gauge",
                               "# windows_logical_disk_idle_seconds_total counter",
                               "# windows_logical_disk_split_ios_total counter",
                               "# windows_logical_disk_read_latency_seconds_total counter",
                               "# windows_logical_disk_write_latency_seconds_total counter",
                               "# windows_logical_disk_read_write_latency_seconds_total counter",
                               "# windows_logical_disk_read_seconds_total counter"}) {
        EXPECT_NE(text.find(family), std::string::npos) << family << "\n" << text;
    }
    EXPECT_NE(text.find("windows_logical_disk_avg_read_requests_queued{volume=\"C:\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("windows_logical_disk_requests_queued{volume=\"C:\"} 1\n"),
              std::string::npos);
    // Declared by windows_exporter but never sent: not ours either.
    EXPECT_EQ(text.find("windows_logical_disk_readonly"), std::string::npos);
    // A volume without counters has its info and space, and no made-up counter.
    EXPECT_NE(text.find("windows_logical_disk_size_bytes{volume=\"HarddiskVolume1\"}"),
              std::string::npos);
    EXPECT_NE(text.find("volume=\"HarddiskVolume1\",volume_name=\"\""), std::string::npos);
    EXPECT_EQ(text.find("windows_logical_disk_reads_total{volume=\"HarddiskVolume1\"}"),
              std::string::npos);
}

TEST(LogicalDisk, VolumeIncludeAndExcludeChooseTheSeries) {
    DiskSection section;
    for (const char* name : {"C:", "D:", "HarddiskVolume1"}) {
        section.disks.push_back(volume(name, {}, ""));
    }
    auto settings = std::make_shared<DiskSettings>();
    ASSERT_TRUE(settings->apply("volume_exclude", "^HarddiskVolume", "test", "x").ok());
    RenderContext context(MetricNaming::windows);
    context.settings.set(DiskSettings::kCollector, settings);
    std::string text = render(section, context);
    EXPECT_NE(text.find("volume=\"C:\""), std::string::npos);
    EXPECT_NE(text.find("volume=\"D:\""), std::string::npos);
    EXPECT_EQ(text.find("HarddiskVolume1"), std::string::npos) << text;

    ASSERT_TRUE(settings->apply("volume_include", "^C:$", "test", "x").ok());
    text = render(section, context);
    EXPECT_NE(text.find("volume=\"C:\""), std::string::npos);
    EXPECT_EQ(text.find("volume=\"D:\""), std::string::npos) << text;
    EXPECT_FALSE(settings->apply("volume_include", "(", "test", "x").ok());
    EXPECT_EQ(settings->toJson()["volume_include"], "^C:$");
}

}  // namespace sysmetrics

namespace sysmetrics {

// df's Use%: used / (used + available); root's reserved blocks are neither.
TEST(DiskUsedPercent, IsWhatDfComputes) {
    DiskInfo d;  // ext4 with 5 % reserved: 100 GiB, 20 GiB free, 15 GiB free to users
    d.size_bytes = 100ull << 30;
    d.free_bytes = 20ull << 30;
    d.available_bytes = 15ull << 30;
    EXPECT_NEAR(*d.usedPercent(), 100.0 * 80 / 95, 1e-9);  // 84.2 %, not 1 - free/size = 80 %
    // A nearly full volume: 1 - free/size says 92 % where df says 100 % (no room for users).
    d.free_bytes = 8ull << 30;
    d.available_bytes = 0;
    EXPECT_DOUBLE_EQ(*d.usedPercent(), 100.0);
    // Windows: no reserve, free for the caller is all free.
    d.free_bytes = d.available_bytes = 25ull << 30;
    EXPECT_DOUBLE_EQ(*d.usedPercent(), 75.0);
    EXPECT_FALSE(DiskInfo{}.usedPercent());
}

}  // namespace sysmetrics
