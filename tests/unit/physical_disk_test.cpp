// The physical_disk collector's interpretation of raw data built to the documented layouts: PDH
// PhysicalDisk instance names and raw values, DISK_PERFORMANCE bytes, QueryDosDeviceW's list,
// /proc/diskstats; and its windows_exporter families.
#include <gtest/gtest.h>

#include <cstring>

#include "collectors/physical_disk.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/metrics_endpoint.h"
#include "service/collector_catalog.h"
#include "tests/unit/family_text.h"

namespace sysmetrics {

namespace {

template <typename T>
void put(std::uint8_t* buffer, std::size_t offset, T value) {
    std::memcpy(buffer + offset, &value, sizeof value);
}

// A DISK_PERFORMANCE as the SDK lays it out (0x58 bytes with QueryTime, StorageDeviceNumber and
// StorageManagerName after SplitCount).
std::vector<std::uint8_t> diskPerformanceBytes() {
    std::vector<std::uint8_t> bytes(0x58, 0);
    put<std::uint64_t>(bytes.data(), 0x00, 1048576);                // BytesRead
    put<std::uint64_t>(bytes.data(), 0x08, 2097152);                // BytesWritten
    put<std::uint64_t>(bytes.data(), 0x10, 25000000);               // ReadTime: 2.5 s
    put<std::uint64_t>(bytes.data(), 0x18, 5000000);                // WriteTime: 0.5 s
    put<std::uint64_t>(bytes.data(), 0x20, 36000000000ull);         // IdleTime: 3600 s
    put<std::uint32_t>(bytes.data(), 0x28, 300);                    // ReadCount
    put<std::uint32_t>(bytes.data(), 0x2C, 400);                    // WriteCount
    put<std::uint32_t>(bytes.data(), 0x30, 2);                      // QueueDepth
    put<std::uint32_t>(bytes.data(), 0x34, 7);                      // SplitCount
    put<std::uint64_t>(bytes.data(), 0x38, 133000000000000000ull);  // QueryTime
    put<std::uint32_t>(bytes.data(), 0x40, 1);                      // StorageDeviceNumber
    const char16_t manager[] = u"PartMgr ";
    std::memcpy(bytes.data() + 0x44, manager, 16);
    return bytes;
}

std::string render(const PhysicalDiskSection& section, MetricNaming naming) {
    FamilyList families;
    appendPhysicalDiskMetrics(section, RenderContext(naming), families);
    return familiesText(families);
}

}  // namespace

TEST(PhysicalDisk, PdhInstanceNamesGiveTheDiskNumber) {
    EXPECT_EQ(pdhPhysicalDiskNumber("0 C:"), "0");
    EXPECT_EQ(pdhPhysicalDiskNumber("1"), "1");
    EXPECT_EQ(pdhPhysicalDiskNumber("2 D: E:"), "2");
    EXPECT_EQ(pdhPhysicalDiskNumber("_Total"), std::nullopt);
    EXPECT_EQ(pdhPhysicalDiskNumber(""), std::nullopt);
    EXPECT_EQ(pdhPhysicalDiskNumber(" C:"), std::nullopt);
}

TEST(PhysicalDisk, PdhRawValuesMapToWindowsExporterMeanings) {
    std::map<std::string, std::vector<PdhRawSample>> raw;
    for (const auto& counter : kPhysicalDiskPdhCounters) {
        raw[counter] = {{"0 C:", 1000}, {"_Total", 999999}, {"1", 3000000}, {"2 D: E:", 0}};
    }
    raw["Disk Read Bytes/sec"] = {{"0 C:", 4096}, {"1", 8192}, {"_Total", 12288}};
    raw["Current Disk Queue Length"] = {{"0 C:", 3}, {"1", 0}};
    raw["% Idle Time"] = {{"0 C:", 20000000}};  // 100 ns units: 2 s
    // Ticks of a 3 MHz time base (an older QueryPerformanceFrequency): 3,000,000 ticks = 1 s.
    const auto disks = physicalDisksFromPdh(raw, 3000000.0);
    ASSERT_EQ(disks.size(), 3u);  // _Total skipped
    EXPECT_EQ(disks[0].disk, "0");
    EXPECT_EQ(disks[1].disk, "1");
    EXPECT_EQ(disks[2].disk, "2");
    EXPECT_EQ(disks[0].requests_queued, 3.0);
    EXPECT_EQ(disks[0].read_bytes, 4096u);
    EXPECT_EQ(disks[1].read_bytes, 8192u);
    EXPECT_FALSE(disks[2].read_bytes);  // no sample for disk 2: absent, not 0
    EXPECT_FALSE(disks[2].requests_queued);
    EXPECT_EQ(disks[0].reads, 1000u);
    EXPECT_EQ(disks[0].split_ios, 1000u);
    EXPECT_DOUBLE_EQ(*disks[0].read_seconds, 1000 * 1e-7);
    EXPECT_DOUBLE_EQ(*disks[0].idle_seconds, 2.0);
    EXPECT_FALSE(disks[1].idle_seconds);
    EXPECT_DOUBLE_EQ(*disks[1].read_latency_seconds, 1.0);
    EXPECT_DOUBLE_EQ(*disks[1].write_latency_seconds, 1.0);
    EXPECT_DOUBLE_EQ(*disks[1].read_write_latency_seconds, 1.0);
    EXPECT_DOUBLE_EQ(*disks[1].write_seconds, 0.3);
}

TEST(PhysicalDisk, WithoutATimeBaseTheLatencyFamiliesAreLeftOut) {
    std::map<std::string, std::vector<PdhRawSample>> raw;
    raw["Avg. Disk sec/Read"] = {{"0 C:", 10000000}};
    raw["Disk Reads/sec"] = {{"0 C:", 5}};
    const auto disks = physicalDisksFromPdh(raw, std::nullopt);
    ASSERT_EQ(disks.size(), 1u);
    EXPECT_EQ(disks[0].reads, 5u);
    EXPECT_FALSE(disks[0].read_latency_seconds);
    EXPECT_TRUE(physicalDisksFromPdh({}, 1e7).empty());  // no disks at all
}

TEST(PhysicalDisk, DiskPerformanceBytesAtTheDocumentedOffsets) {
    const auto bytes = diskPerformanceBytes();
    const auto p = parseDiskPerformanceRecord(bytes.data(), bytes.size());
    ASSERT_TRUE(p);
    EXPECT_EQ(p->bytes_read, 1048576u);
    EXPECT_EQ(p->bytes_written, 2097152u);
    EXPECT_EQ(p->read_time, 25000000u);
    EXPECT_EQ(p->write_time, 5000000u);
    EXPECT_EQ(p->idle_time, 36000000000ull);
    EXPECT_EQ(p->read_count, 300u);
    EXPECT_EQ(p->write_count, 400u);
    EXPECT_EQ(p->queue_depth, 2u);
    EXPECT_EQ(p->split_count, 7u);
    // Short answers: everything up to SplitCount is needed.
    EXPECT_TRUE(parseDiskPerformanceRecord(bytes.data(), 0x38));
    EXPECT_FALSE(parseDiskPerformanceRecord(bytes.data(), 0x37));
    EXPECT_FALSE(parseDiskPerformanceRecord(bytes.data(), 0));
    EXPECT_FALSE(parseDiskPerformanceRecord(nullptr, 0x58));
}

TEST(PhysicalDisk, DiskPerformanceFieldsMapToTheFamilies) {
    const auto bytes = diskPerformanceBytes();
    const auto d =
        physicalDiskFromPerformance("1", *parseDiskPerformanceRecord(bytes.data(), bytes.size()));
    EXPECT_EQ(d.disk, "1");
    EXPECT_EQ(d.requests_queued, 2.0);
    EXPECT_EQ(d.read_bytes, 1048576u);
    EXPECT_EQ(d.write_bytes, 2097152u);
    EXPECT_EQ(d.reads, 300u);
    EXPECT_EQ(d.writes, 400u);
    EXPECT_EQ(d.split_ios, 7u);
    EXPECT_DOUBLE_EQ(*d.read_seconds, 2.5);
    EXPECT_DOUBLE_EQ(*d.write_seconds, 0.5);
    EXPECT_DOUBLE_EQ(*d.idle_seconds, 3600.0);
    EXPECT_DOUBLE_EQ(*d.read_latency_seconds, 2.5);
    EXPECT_DOUBLE_EQ(*d.write_latency_seconds, 0.5);
    EXPECT_DOUBLE_EQ(*d.read_write_latency_seconds, 3.0);
}

TEST(PhysicalDisk, PhysicalDriveNumbersFromTheDosDeviceList) {
    const char raw[] =
        "C:\0PhysicalDrive10\0PhysicalDrive0\0PhysicalDriveX\0PhysicalDrive\0PhysicalDrive2\0"
        "PhysicalDrive0\0CdRom0\0\0";
    const std::string list(raw, sizeof raw - 1);
    const auto names = splitMultiString(list);
    ASSERT_EQ(names.size(), 8u);
    EXPECT_EQ(names[0], "C:");
    EXPECT_EQ(names[7], "CdRom0");
    EXPECT_EQ(physicalDriveNumbers(names), (std::vector<unsigned>{0, 2, 10}));
    EXPECT_TRUE(physicalDriveNumbers(splitMultiString(std::string("C:\0\0", 4))).empty());
    EXPECT_TRUE(splitMultiString("").empty());
    EXPECT_EQ(splitMultiString("unterminated").size(), 1u);
}

TEST(PhysicalDisk, DiskstatsWholeDisksOnly) {
    const std::string diskstats =
        "   7       0 loop0 10 0 20 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
        "   8       0 sda 1000 5 20000 1500 2000 10 40000 2500 3 3000 4000 0 0 0 0 0 0\n"
        "   8       1 sda1 900 5 18000 1400 1900 10 39000 2400 0 2900 3800 0 0 0 0 0 0\n"
        " 259       0 nvme0n1 1 0 8 4 2 0 16 6 0 10 10 0 0 0 0 0 0\n"
        " 259       1 nvme0n1p1 1 0 8 4 2 0 16 6 0 10 10 0 0 0 0 0 0\n";
    const auto disks = physicalDisksFromDiskstats(diskstats, {"sda", "nvme0n1", "sdb"});
    ASSERT_EQ(disks.size(), 2u);
    EXPECT_EQ(disks[0].disk, "nvme0n1");
    const auto& sda = disks[1];
    EXPECT_EQ(sda.disk, "sda");
    EXPECT_EQ(sda.reads, 1000u);
    EXPECT_EQ(sda.read_bytes, 20000u * 512);
    EXPECT_EQ(sda.writes, 2000u);
    EXPECT_EQ(sda.write_bytes, 40000u * 512);
    EXPECT_EQ(sda.requests_queued, 3.0);
    EXPECT_DOUBLE_EQ(*sda.read_seconds, 1.5);
    EXPECT_DOUBLE_EQ(*sda.read_latency_seconds, 1.5);
    EXPECT_DOUBLE_EQ(*sda.read_write_latency_seconds, 4.0);
    EXPECT_FALSE(sda.idle_seconds);
    EXPECT_FALSE(sda.split_ios);
    EXPECT_TRUE(physicalDisksFromDiskstats(diskstats, {}).empty());
}

TEST(PhysicalDisk, ThirtyTwoBitCountsAreExtendedAcrossWraps) {
    PhysicalDiskCountExtender extender;
    auto cycle = [&](std::uint32_t reads, std::uint32_t splits) {
        std::vector<PhysicalDiskInfo> disks(1);
        disks[0].disk = "0";
        disks[0].reads = reads;
        disks[0].split_ios = splits;
        extender.apply(disks);
        return disks[0];
    };
    EXPECT_EQ(cycle(0xFFFFFFF0u, 5).reads, 0xFFFFFFF0u);
    const auto wrapped = cycle(0x10u, 6);
    EXPECT_EQ(wrapped.reads, 0x100000010ull);
    EXPECT_EQ(wrapped.split_ios, 6u);
    EXPECT_FALSE(wrapped.writes);  // absent stays absent
}

namespace {

class FailingSource : public PhysicalDiskSource {
public:
    Result<PhysicalDiskSection> read() override {
        return Error{ErrorCode::access_denied, 5, "QueryDosDeviceW"};
    }
    std::vector<std::string> notes() const override { return {"a note"}; }
};

}  // namespace

TEST(PhysicalDisk, ACollectorPassesErrorsAndNotesOn) {
    PhysicalDiskCollector collector(std::make_unique<FailingSource>());
    EXPECT_EQ(collector.name(), "physical_disk");
    const auto result = collector.collect();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::access_denied);
    EXPECT_EQ(collector.notes(), std::vector<std::string>{"a note"});
}

TEST(PhysicalDisk, WindowsExporterFamiliesTypesAndLabels) {
    const auto bytes = diskPerformanceBytes();
    PhysicalDiskSection section;
    section.disks.push_back(
        physicalDiskFromPerformance("0", *parseDiskPerformanceRecord(bytes.data(), bytes.size())));
    EXPECT_EQ(render(section, MetricNaming::windows),
              "windows_physical_disk_requests_queued gauge\n"
              "windows_physical_disk_requests_queued{disk=\"0\"} 2\n"
              "windows_physical_disk_read_bytes_total counter\n"
              "windows_physical_disk_read_bytes_total{disk=\"0\"} 1048576\n"
              "windows_physical_disk_reads_total counter\n"
              "windows_physical_disk_reads_total{disk=\"0\"} 300\n"
              "windows_physical_disk_write_bytes_total counter\n"
              "windows_physical_disk_write_bytes_total{disk=\"0\"} 2097152\n"
              "windows_physical_disk_writes_total counter\n"
              "windows_physical_disk_writes_total{disk=\"0\"} 400\n"
              "windows_physical_disk_read_seconds_total counter\n"
              "windows_physical_disk_read_seconds_total{disk=\"0\"} 2.5\n"
              "windows_physical_disk_write_seconds_total counter\n"
              "windows_physical_disk_write_seconds_total{disk=\"0\"} 0.5\n"
              "windows_physical_disk_idle_seconds_total counter\n"
              "windows_physical_disk_idle_seconds_total{disk=\"0\"} 3600\n"
              "windows_physical_disk_split_ios_total counter\n"
              "windows_physical_disk_split_ios_total{disk=\"0\"} 7\n"
              "windows_physical_disk_read_latency_seconds_total counter\n"
              "windows_physical_disk_read_latency_seconds_total{disk=\"0\"} 2.5\n"
              "windows_physical_disk_write_latency_seconds_total counter\n"
              "windows_physical_disk_write_latency_seconds_total{disk=\"0\"} 0.5\n"
              "windows_physical_disk_read_write_latency_seconds_total counter\n"
              "windows_physical_disk_read_write_latency_seconds_total{disk=\"0\"} 3\n");
    EXPECT_EQ(render(section, MetricNaming::linux),
              "node_disk_io_now gauge\n"
              "node_disk_io_now{device=\"0\"} 2\n");
    EXPECT_EQ(render(PhysicalDiskSection{}, MetricNaming::windows), "");  // no disks
}

TEST(PhysicalDisk, CollectPhysicalDiskSelectsOnlyItsFamilies) {
    Snapshot snapshot;
    snapshot.version = 3;
    auto section = std::make_shared<PhysicalDiskSection>();
    PhysicalDiskInfo disk;
    disk.disk = "1";
    disk.reads = 42;
    section->disks.push_back(disk);
    snapshot.sections[PhysicalDiskSection::kName] = section;
    auto memory = std::make_shared<MemorySection>();
    memory->physical_total_bytes = 1024;
    snapshot.sections["memory"] = memory;
    for (const char* name : {"physical_disk", "memory"}) {
        CollectorStatus status;
        status.name = name;
        status.state = CollectorState::ok;
        snapshot.status[name] = status;
    }
    RuntimeInfo runtime;
    MetricsEndpoint endpoint(MetricNaming::windows, runtime, catalogExpositions());
    const HttpResponse response = endpoint.serve(snapshot, {"physical_disk"}, 1);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.body.find("# TYPE windows_physical_disk_reads_total counter\n"
                                 "windows_physical_disk_reads_total{disk=\"1\"} 42\n"),
              std::string::npos)
        << response.body;
    EXPECT_EQ(response.body.find("windows_memory_"), std::string::npos);
}

}  // namespace sysmetrics
