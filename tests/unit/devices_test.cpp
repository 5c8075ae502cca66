#include <gtest/gtest.h>

#include <cstring>

#include "collectors/battery.h"
#include "collectors/disk.h"
#include "collectors/service.h"
#include "config/service_settings.h"
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

TEST(Battery, NoSystemBatteryFlagMeansNotPresentAndNotAnError) {
    WindowsPowerRaw raw;
    raw.ac_line_status = 1;
    raw.battery_flag = 128;
    const BatterySection b = batteryFromWindows(raw);
    EXPECT_FALSE(b.present);
    EXPECT_EQ(b.ac_online, true);
    EXPECT_TRUE(b.supplies.empty());
    FamilyList families;
    appendBatteryMetrics(b, MetricNaming::windows, families);
    const auto& list = families.families();
    ASSERT_EQ(list.size(), 1u);  // only power_plugged: no battery series without a battery
    EXPECT_EQ(list[0].name, "windows_battery_power_plugged");
}

TEST(Battery, ChargingOnAcWithCapacities) {
    WindowsPowerRaw raw;
    raw.ac_line_status = 1;
    raw.battery_flag = 8 | 1;  // charging, high
    raw.life_percent = 80;
    raw.have_battery_state = true;
    raw.battery_present = true;
    raw.charging = true;
    raw.max_capacity_mwh = 50000;
    raw.remaining_capacity_mwh = 40000;
    raw.rate_mw = 15000;
    const BatterySection b = batteryFromWindows(raw);
    ASSERT_TRUE(b.present);
    EXPECT_DOUBLE_EQ(*b.charge_ratio, 0.8);
    EXPECT_EQ(b.charging, true);
    EXPECT_EQ(b.critical, false);
    EXPECT_FALSE(b.seconds_remaining);  // unknown while on AC
    ASSERT_EQ(b.supplies.size(), 1u);
    EXPECT_DOUBLE_EQ(*b.supplies[0].energy_full_wh, 50.0);
    EXPECT_DOUBLE_EQ(*b.supplies[0].power_w, 15.0);
}

TEST(Battery, CriticalDischargingAndUnknownValues) {
    WindowsPowerRaw raw;
    raw.ac_line_status = 0;
    raw.battery_flag = 4 | 2;
    raw.life_percent = 4;
    raw.life_seconds = 600;
    raw.have_battery_state = true;
    raw.battery_present = true;
    raw.discharging = true;
    raw.rate_mw = static_cast<std::int32_t>(0x80000000u);
    BatterySection b = batteryFromWindows(raw);
    EXPECT_EQ(b.ac_online, false);
    EXPECT_EQ(b.critical, true);
    EXPECT_EQ(b.low, true);
    EXPECT_DOUBLE_EQ(*b.seconds_remaining, 600);
    EXPECT_FALSE(b.supplies[0].power_w);  // 0x80000000 is "unknown rate"
    raw = WindowsPowerRaw{};              // everything unknown (255)
    b = batteryFromWindows(raw);
    EXPECT_FALSE(b.ac_online);
    EXPECT_FALSE(b.present);
}

TEST(Battery, LinuxPowerSupplies) {
    std::map<std::string, std::map<std::string, std::string>> supplies = {
        {"AC", {{"type", "Mains\n"}, {"online", "1\n"}}},
        {"BAT0",
         {{"type", "Battery\n"},
          {"status", "Discharging\n"},
          {"capacity", "50\n"},
          {"energy_now", "20000000\n"},
          {"energy_full", "40000000\n"},
          {"energy_full_design", "45000000\n"},
          {"power_now", "10000000\n"},
          {"voltage_now", "12000000\n"},
          {"cycle_count", "321\n"},
          {"technology", "Li-ion\n"}}}};
    const BatterySection b = batteryFromPowerSupplies(supplies);
    ASSERT_TRUE(b.present);
    EXPECT_EQ(b.ac_online, true);
    EXPECT_DOUBLE_EQ(*b.charge_ratio, 0.5);
    EXPECT_DOUBLE_EQ(*b.seconds_remaining, 7200);  // 20 Wh at 10 W
    ASSERT_EQ(b.supplies.size(), 2u);
    const PowerSupply& bat = b.supplies[1];
    EXPECT_EQ(bat.status, "discharging");
    EXPECT_DOUBLE_EQ(*bat.power_w, -10.0);
    EXPECT_EQ(bat.cycle_count, 321u);
    EXPECT_TRUE(batteryFromPowerSupplies({}).supplies.empty());
    EXPECT_FALSE(batteryFromPowerSupplies({}).present);
}

TEST(Disks, RealMountsOnlyAndOctalEscapes) {
    const char* mounts =
        "proc /proc proc rw 0 0\n"
        "sysfs /sys sysfs rw 0 0\n"
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        "/dev/sdb1 /mnt/my\\040disk xfs ro,relatime 0 0\n"
        "tmpfs /run tmpfs rw 0 0\n"
        "overlay /var/lib/docker/overlay2/x/merged overlay rw 0 0\n"
        "/dev/sda1 / ext4 rw 0 0\n";
    const auto real = realMounts(mounts);
    ASSERT_EQ(real.size(), 2u);
    EXPECT_EQ(real[0].mount_point, "/");
    EXPECT_EQ(real[1].mount_point, "/mnt/my disk");
    EXPECT_TRUE(real[1].read_only);
    EXPECT_FALSE(real[0].read_only);
}

TEST(Disks, AnAbsurdSectorCountWrapsInsteadOfOverflowing) {
    // 527765581332480 sectors * 512 exceeds 2^64 (found by fuzz_parsers: undefined behaviour).
    const auto stats =
        parseDiskstats("8 0 sdz 1 0 527765581332480 0 1 0 18446744073709551615 0 0 0 0 0 0 0\n");
    ASSERT_EQ(stats.count("sdz"), 1u);
    EXPECT_EQ(stats.at("sdz").read_bytes, 527765581332480ull * 512);  // modulo 2^64
    EXPECT_EQ(stats.at("sdz").write_bytes, 18446744073709551615ull * 512);
}

TEST(Disks, DiskstatsAndDiskPerformance) {
    const auto stats = parseDiskstats(
        "   8       0 sda 1000 5 20000 1500 2000 10 40000 2500 0 3000 4000 0 0 0 0\n"
        "   8       1 sda1 10 80 20 160\n"  // 2.6-era partition line: 4 counters
        "bad line\n");
    ASSERT_EQ(stats.count("sda"), 1u);
    EXPECT_EQ(stats.at("sda").reads, 1000u);
    EXPECT_EQ(stats.at("sda").read_bytes, 20000u * 512);
    EXPECT_DOUBLE_EQ(stats.at("sda").read_seconds, 1.5);
    EXPECT_EQ(stats.at("sda").write_bytes, 40000u * 512);
    EXPECT_EQ(stats.at("sda").reads_merged, 5u);
    EXPECT_EQ(stats.at("sda").writes_merged, 10u);
    EXPECT_DOUBLE_EQ(stats.at("sda").io_seconds, 3.0);
    EXPECT_DOUBLE_EQ(stats.at("sda").io_weighted_seconds, 4.0);
    EXPECT_EQ(stats.count("sda1"), 0u);  // too few fields to read: skipped
    std::uint8_t perf[0x58] = {};
    const std::uint64_t read = 4096, written = 8192, read_time = 20000000;
    const std::uint32_t reads = 3, writes = 4;
    std::memcpy(perf + 0x00, &read, 8);
    std::memcpy(perf + 0x08, &written, 8);
    std::memcpy(perf + 0x10, &read_time, 8);
    std::memcpy(perf + 0x28, &reads, 4);
    std::memcpy(perf + 0x2C, &writes, 4);
    const auto counters = parseDiskPerformance(perf, sizeof perf);
    ASSERT_TRUE(counters);
    EXPECT_EQ(counters->read_bytes, 4096u);
    EXPECT_EQ(counters->write_bytes, 8192u);
    EXPECT_DOUBLE_EQ(counters->read_seconds, 2.0);
    EXPECT_EQ(counters->writes, 4u);
    EXPECT_FALSE(parseDiskPerformance(perf, 0x20));
}

TEST(Services, StateAndStartTypeNamesAndOneSeriesPerState) {
    EXPECT_EQ(serviceStateName(1), "stopped");
    EXPECT_EQ(serviceStateName(4), "running");
    EXPECT_EQ(serviceStateName(7), "paused");
    EXPECT_EQ(serviceStateName(0), "unknown");
    EXPECT_EQ(serviceStartTypeName(2), "auto");
    EXPECT_EQ(serviceStartTypeName(4), "disabled");
    EXPECT_EQ(serviceStartTypeName(9), "unknown");
    ServiceSection section;
    ServiceInfo s;
    s.name = "Spooler";
    s.state = "running";
    s.start_type = "auto";
    s.pid = 1234;
    section.services.push_back(s);
    s.name = "Fax";
    s.state = "stopped";
    s.pid = 0;
    section.services.push_back(s);
    RenderContext context(MetricNaming::windows);
    auto services = std::make_shared<ServiceSettings>();
    services->exclude = SafeRegex::compile("^Fax$").value();
    context.settings.set(ServiceSettings::kCollector, services);
    FamilyList families;
    appendServiceMetrics(section, context, families);
    int state_series = 0, ones = 0, process_series = 0;
    for (const auto& family : families.families()) {
        if (family.name == "windows_service_state") {
            state_series += static_cast<int>(family.count);
            for (std::size_t at = family.samples.find("} 1\n"); at != std::string::npos;
                 at = family.samples.find("} 1\n", at + 1)) {
                ones++;
            }
        }
        if (family.name == "windows_service_process")
            process_series += static_cast<int>(family.count);
    }
    EXPECT_EQ(state_series, 7);  // Fax excluded; Spooler has one series per state
    EXPECT_EQ(ones, 1);
    // The value is the process's start time, from the processes section, which this render
    // has not got: no series (exporter_labels_test has the one with it).
    EXPECT_EQ(process_series, 0);
}

}  // namespace sysmetrics

namespace sysmetrics {

TEST(Battery, PerBatteryDetailsFromTheDeviceInterface) {
    WindowsBatteryDevice d;
    d.name = "battery0";
    std::memcpy(d.chemistry, "LION", 4);
    d.designed_capacity = 60000;
    d.full_charged_capacity = 50000;
    d.cycle_count = 123;
    d.have_status = true;
    d.power_state = 2;  // discharging
    d.capacity = 25000;
    d.voltage_mv = 11400;
    d.rate_mw = -9000;
    const PowerSupply s = supplyFromBatteryDevice(d);
    EXPECT_EQ(s.technology, "LION");
    EXPECT_DOUBLE_EQ(*s.energy_full_design_wh, 60.0);
    EXPECT_DOUBLE_EQ(*s.energy_full_wh, 50.0);
    EXPECT_DOUBLE_EQ(*s.energy_now_wh, 25.0);
    EXPECT_DOUBLE_EQ(*s.charge_ratio, 0.5);
    EXPECT_DOUBLE_EQ(*s.voltage_v, 11.4);
    EXPECT_DOUBLE_EQ(*s.power_w, -9.0);
    EXPECT_EQ(s.cycle_count, 123u);
    EXPECT_EQ(s.status, "discharging");
    EXPECT_EQ(s.online, false);
    // Relative capacities (audit W20) are in arbitrary units: never watt-hours, and the charge is
    // their ratio to the full charge, not capacity / 100.
    d.capabilities = 0x40000000;
    d.full_charged_capacity = 200;
    d.capacity = 50;
    const PowerSupply relative = supplyFromBatteryDevice(d);
    EXPECT_FALSE(relative.energy_full_wh);
    EXPECT_FALSE(relative.energy_now_wh);
    EXPECT_DOUBLE_EQ(*relative.charge_ratio, 0.25);
    d.full_charged_capacity = 0xFFFFFFFF;  // no full charge known: no ratio rather than a guess
    EXPECT_FALSE(supplyFromBatteryDevice(d).charge_ratio);
    d.full_charged_capacity = 50000;
    // Unknown markers stay unknown.
    d.capabilities = 0;
    d.voltage_mv = 0xFFFFFFFF;
    d.rate_mw = static_cast<std::int32_t>(0x80000000u);
    const PowerSupply unknown = supplyFromBatteryDevice(d);
    EXPECT_FALSE(unknown.voltage_v);
    EXPECT_FALSE(unknown.power_w);
}

// Audit W04: two batteries give two labelled series per family, never the same series twice.
TEST(Battery, EachBatteryIsItsOwnLabelledSeries) {
    BatterySection b;
    b.present = true;
    for (const char* name : {"battery0", "battery1"}) {
        PowerSupply s;
        s.name = name;
        s.type = "Battery";
        s.energy_full_wh = 50;
        s.energy_now_wh = 20;
        s.power_w = -5;
        b.supplies.push_back(s);
    }
    FamilyList families;
    appendBatteryMetrics(b, MetricNaming::windows, families);
    for (const char* name :
         {"windows_battery_full_charge_capacity_joules",
          "windows_battery_remaining_capacity_joules", "windows_battery_rate_watts"}) {
        const TextFamily* family = families.find(name);
        ASSERT_NE(family, nullptr) << name;
        EXPECT_EQ(family->count, 2u) << name;
        EXPECT_NE(family->samples.find("{battery=\"battery0\"}"), std::string::npos) << name;
        EXPECT_NE(family->samples.find("{battery=\"battery1\"}"), std::string::npos) << name;
    }
}

// Audit W11: a service whose configuration could not be read is not exported as start mode
// "boot" (start type 0); it has no start-mode series at all, and its state is still there.
TEST(Services, AnUnreadableConfigurationHasNoStartModeNeverBoot) {
    EXPECT_EQ(serviceStartTypeName(std::optional<std::uint32_t>{}), "unknown");
    EXPECT_EQ(serviceStartTypeName(std::optional<std::uint32_t>{0}), "boot");
    ServiceSection section;
    ServiceInfo s;
    s.name = "Hardened";
    s.state = "running";
    s.start_type = serviceStartTypeName(std::optional<std::uint32_t>{});
    section.services.push_back(s);
    RenderContext context(MetricNaming::windows);
    FamilyList families;
    appendServiceMetrics(section, context, families);
    EXPECT_EQ(families.find("windows_service_start_mode"), nullptr);
    const TextFamily* state = families.find("windows_service_state");
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(state->count, kServiceStates.size());
}

// Audit W25: DISK_PERFORMANCE ReadCount/WriteCount are 32 bits; a wrap keeps counting on.
TEST(Disks, ThirtyTwoBitOperationCountsAreExtendedAcrossWraps) {
    DiskCountExtender extender;
    auto cycle = [&](std::uint32_t reads, std::uint32_t writes) {
        std::uint8_t perf[0x58] = {};
        std::memcpy(perf + 0x28, &reads, 4);
        std::memcpy(perf + 0x2C, &writes, 4);
        const auto counters = parseDiskPerformance(perf, sizeof perf);
        std::vector<DiskInfo> disks(1);
        disks[0].volume = "C:";
        disks[0].reads = counters->reads;
        disks[0].writes = counters->writes;
        extender.apply(disks);
        return disks[0];
    };
    EXPECT_EQ(cycle(0xFFFFFFF0u, 10).reads, 0xFFFFFFF0u);
    const DiskInfo wrapped = cycle(0x10u, 20);
    EXPECT_EQ(wrapped.reads, 0x100000010ull);  // 0x20 more reads, not a reset
    EXPECT_EQ(wrapped.writes, 20u);
    EXPECT_EQ(cycle(0x11u, 21).reads, 0x100000011ull);
}

}  // namespace sysmetrics
