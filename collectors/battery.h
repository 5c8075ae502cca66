#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

// One battery or one mains supply (Linux lists each; Windows reports the system's total).
struct PowerSupply {
    std::string name;  // Linux: BAT0, AC; Windows: "system"
    std::string type;  // "Battery" or "Mains"
    std::optional<bool> online;
    std::string status;  // charging, discharging, full, not_charging, unknown
    std::optional<double> charge_ratio;
    std::optional<double> energy_now_wh;
    std::optional<double> energy_full_wh;
    std::optional<double> energy_full_design_wh;
    std::optional<double> power_w;  // positive while charging, negative while discharging
    std::optional<double> voltage_v;
    std::optional<std::uint32_t> cycle_count;
    std::string technology;
};

struct BatterySection : Section {
    static constexpr const char* kName = "battery";
    bool present = false;  // no battery is a normal answer, not an error
    std::optional<bool> ac_online;
    std::optional<double> charge_ratio;  // 0..1
    std::optional<double> seconds_remaining;
    std::optional<bool> charging;
    std::optional<bool> critical;
    std::optional<bool> low;
    std::vector<PowerSupply> supplies;
};

std::unique_ptr<SectionSource<BatterySection>> makeBatterySource();

// GetSystemPowerStatus and CallNtPowerInformation(SystemBatteryState), as plain numbers.
struct WindowsPowerRaw {
    std::uint8_t ac_line_status = 255;  // 0 offline, 1 online, 255 unknown
    std::uint8_t battery_flag =
        255;  // 1 high, 2 low, 4 critical, 8 charging, 128 none, 255 unknown
    std::uint8_t life_percent = 255;          // 0..100, 255 unknown
    std::uint32_t life_seconds = 0xFFFFFFFF;  // unknown when all ones
    bool have_battery_state = false;
    bool battery_present = false;
    bool charging = false;
    bool discharging = false;
    std::uint32_t max_capacity_mwh = 0;
    std::uint32_t remaining_capacity_mwh = 0;
    std::int32_t rate_mw = 0;  // 0x80000000 = unknown
};
BatterySection batteryFromWindows(const WindowsPowerRaw& raw);

// One battery's IOCTL_BATTERY_QUERY_INFORMATION (BatteryInformation) and _QUERY_STATUS answers.
struct WindowsBatteryDevice {
    std::string name;  // "battery0", ...
    std::uint32_t capabilities = 0;
    char chemistry[4] = {};
    std::uint32_t designed_capacity = 0;
    std::uint32_t full_charged_capacity = 0;
    std::uint32_t cycle_count = 0;
    bool have_status = false;
    std::uint32_t power_state = 0;
    std::uint32_t capacity = 0;  // remaining
    std::uint32_t voltage_mv = 0;
    std::int32_t rate_mw = 0;
};
PowerSupply supplyFromBatteryDevice(const WindowsBatteryDevice& device);

// /sys/class/power_supply/<name>/<attribute> values, by supply name.
BatterySection batteryFromPowerSupplies(
    const std::map<std::string, std::map<std::string, std::string>>& supplies);

}  // namespace sysmetrics
