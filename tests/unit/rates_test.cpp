// Per-second rates beside the counters a dashboard charts (issue #16): computed from two
// readings, empty on the first and across a reset, never made up.
#include <gtest/gtest.h>

#include "base/counter_rate.h"
#include "collectors/cpu.h"
#include "collectors/disk.h"
#include "collectors/network.h"
#include "collectors/probe_collector.h"
#include "collectors/process.h"

namespace sysmetrics {
namespace {

TEST(CounterRate, ChangePerSecondOnlyWhenBothReadingsAndTimeAreThere) {
    EXPECT_DOUBLE_EQ(*perSecond(100, 400, 2.0), 150.0);
    EXPECT_DOUBLE_EQ(*perSecond(5, 5, 1.0), 0.0);
    EXPECT_FALSE(perSecond(std::nullopt, 400, 2.0));  // first reading
    EXPECT_FALSE(perSecond(100, std::nullopt, 2.0));  // the OS stopped reporting it
    EXPECT_FALSE(perSecond(400, 100, 2.0));           // reset or wrap: unknown, not negative
    EXPECT_FALSE(perSecond(100, 400, 0.0));
    EXPECT_FALSE(perSecond(100, 400, -1.0));  // a clock that went back
}

InterfaceInfo nic(const std::string& name, std::uint64_t received, std::uint64_t sent) {
    InterfaceInfo info;
    info.name = name;
    info.bytes_received = received;
    info.bytes_sent = sent;
    info.packets_received = received / 100;
    info.packets_sent = sent / 100;
    return info;
}

TEST(InterfaceRates, MatchedByNameANewOneAndAResetOneHaveNone) {
    NetworkSection before, after;
    before.interfaces = {nic("eth0", 1000, 2000), nic("wlan0", 50000, 1000)};
    after.interfaces = {nic("wlan0", 100, 1500), nic("eth0", 6000, 2000), nic("usb0", 10, 10)};
    deriveInterfaceRates(before, after, 5.0);
    const InterfaceInfo& wlan = after.interfaces[0];
    const InterfaceInfo& eth = after.interfaces[1];
    const InterfaceInfo& usb = after.interfaces[2];
    EXPECT_DOUBLE_EQ(*eth.bytes_received_per_second, 1000.0);
    EXPECT_DOUBLE_EQ(*eth.bytes_sent_per_second, 0.0);
    EXPECT_DOUBLE_EQ(*eth.packets_received_per_second, 10.0);
    EXPECT_FALSE(wlan.bytes_received_per_second);  // went back: the adapter was reset
    EXPECT_DOUBLE_EQ(*wlan.bytes_sent_per_second, 100.0);
    EXPECT_FALSE(usb.bytes_received_per_second);
    EXPECT_FALSE(usb.packets_sent_per_second);
}

TEST(DiskRates, MatchedByVolumeAndDeviceAndMissingCountersStayEmpty) {
    DiskInfo c;
    c.volume = "C:";
    c.read_bytes = 4096;
    c.write_bytes = 8192;
    c.reads = 1;
    c.writes = 2;
    DiskInfo network_drive;  // no I/O counters on either reading
    network_drive.volume = "Z:";
    DiskSection before, after;
    before.disks = {c, network_drive};
    c.read_bytes = 4096 + 2 * 1048576;
    c.reads = 21;
    after.disks = {network_drive, c};
    deriveDiskRates(before, after, 2.0);
    EXPECT_DOUBLE_EQ(*after.disks[1].read_bytes_per_second, 1048576.0);
    EXPECT_DOUBLE_EQ(*after.disks[1].write_bytes_per_second, 0.0);
    EXPECT_DOUBLE_EQ(*after.disks[1].reads_per_second, 10.0);
    EXPECT_FALSE(after.disks[0].read_bytes_per_second);
    EXPECT_FALSE(after.disks[0].writes_per_second);
}

TEST(CpuCounterRates, FromTheSampleBeforeOverTheInterval) {
    CpuSample before, after;
    before.context_switches = 1000;
    before.interrupts = 500;
    after.context_switches = 6000;
    after.interrupts = 400;   // went back
    after.system_calls = 10;  // not in the previous reading
    const CpuSection first = cpuSectionFrom(nullptr, before, 0);
    EXPECT_FALSE(first.counter_rates.context_switches);
    const CpuSection section = cpuSectionFrom(&before, after, 5.0);
    EXPECT_DOUBLE_EQ(*section.counter_rates.context_switches, 1000.0);
    EXPECT_FALSE(section.counter_rates.interrupts);
    EXPECT_FALSE(section.counter_rates.system_calls);
}

TEST(ProcessRates, AFirstSeenProcessGetsItsLifetimeAverageCpu) {
    ProcessTracker tracker;
    ProcessInfo busy;
    busy.pid = 10;
    busy.create_time = 1000;
    busy.user_seconds = 30;
    busy.kernel_seconds = 10;
    ProcessInfo unknown_start;  // pid 0 on Windows: no create time
    unknown_start.pid = 0;
    unknown_start.user_seconds = 5;
    std::vector<ProcessInfo> rows = {unknown_start, busy};
    tracker.update(rows, 50.0, 4, 1100.0);  // 40 s of CPU in 100 s of life
    EXPECT_FALSE(rows[0].cpu_percent);
    ASSERT_TRUE(rows[1].cpu_percent);
    EXPECT_DOUBLE_EQ(*rows[1].cpu_percent, 40.0);
    EXPECT_DOUBLE_EQ(*rows[1].cpu_percent_total, 10.0);
    EXPECT_FALSE(rows[1].io_read_bytes_per_second);  // a rate needs two readings
}

TEST(ProcessRates, IoBytesPerSecondBetweenTwoCycles) {
    ProcessTracker tracker;
    ProcessInfo p;
    p.pid = 3;
    p.create_time = 500;
    p.io_read_bytes = 1000;
    p.io_write_bytes = 0;
    std::vector<ProcessInfo> first = {p};
    tracker.update(first, 10.0, 1, 600.0);
    p.io_read_bytes = 5000;
    p.io_write_bytes = 2000;
    std::vector<ProcessInfo> second = {p};
    tracker.update(second, 12.0, 1, 602.0);
    EXPECT_DOUBLE_EQ(*second[0].io_read_bytes_per_second, 2000.0);
    EXPECT_DOUBLE_EQ(*second[0].io_write_bytes_per_second, 1000.0);
}

TEST(ProbeCollectorDerive, EachCollectionSeesThePreviousSection) {
    std::uint64_t counter = 100;
    ProbeCollector<NetworkSection> collector(
        [&counter]() -> Result<NetworkSection> {
            NetworkSection section;
            section.interfaces = {nic("eth0", counter, 0)};
            counter += 1000;
            return section;
        },
        &deriveInterfaceRates);
    auto first = collector.collect();
    ASSERT_TRUE(first.ok());
    const auto& first_nic =
        std::dynamic_pointer_cast<const NetworkSection>(first.value())->interfaces[0];
    EXPECT_FALSE(first_nic.bytes_received_per_second);
    auto second = collector.collect();
    ASSERT_TRUE(second.ok());
    const auto& second_nic =
        std::dynamic_pointer_cast<const NetworkSection>(second.value())->interfaces[0];
    ASSERT_TRUE(second_nic.bytes_received_per_second);
    EXPECT_GT(*second_nic.bytes_received_per_second, 0.0);
}

}  // namespace
}  // namespace sysmetrics
