#include "collectors/battery.h"

#include <cctype>

#include "base/text_parse.h"

namespace sysmetrics {

namespace {

constexpr std::uint8_t kFlagLow = 2;
constexpr std::uint8_t kFlagCritical = 4;
constexpr std::uint8_t kFlagCharging = 8;
constexpr std::uint8_t kFlagNoBattery = 128;
constexpr std::uint8_t kUnknown = 255;
constexpr std::int32_t kRateUnknown = static_cast<std::int32_t>(0x80000000u);

std::optional<double> number(const std::map<std::string, std::string>& attributes, const char* key,
                             double scale) {
    auto it = attributes.find(key);
    if (it == attributes.end()) {
        return std::nullopt;
    }
    const auto value = parseDouble(trim(it->second));
    if (!value) {
        return std::nullopt;
    }
    return *value * scale;
}

std::string text(const std::map<std::string, std::string>& attributes, const char* key) {
    auto it = attributes.find(key);
    return it == attributes.end() ? std::string() : std::string(trim(it->second));
}

std::string statusName(std::string status) {
    for (char& c : status) {
        c = c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return status.empty() ? "unknown" : status;
}

}  // namespace

BatterySection batteryFromWindows(const WindowsPowerRaw& raw) {
    BatterySection b;
    if (raw.ac_line_status != kUnknown) {
        b.ac_online = raw.ac_line_status == 1;
    }
    const bool flag_known = raw.battery_flag != kUnknown;
    b.present = flag_known ? (raw.battery_flag & kFlagNoBattery) == 0 : raw.battery_present;
    if (raw.have_battery_state && !raw.battery_present) {
        b.present = false;
    }
    if (!b.present) {
        return b;
    }
    if (raw.life_percent != kUnknown && raw.life_percent <= 100) {
        b.charge_ratio = raw.life_percent / 100.0;
    }
    if (raw.life_seconds != 0xFFFFFFFF) {
        b.seconds_remaining = raw.life_seconds;
    }
    if (flag_known) {
        b.charging = (raw.battery_flag & kFlagCharging) != 0;
        b.low = (raw.battery_flag & kFlagLow) != 0;
        b.critical = (raw.battery_flag & kFlagCritical) != 0;
    } else if (raw.have_battery_state) {
        b.charging = raw.charging;
    }
    PowerSupply supply;
    supply.name = "system";
    supply.type = "Battery";
    supply.online = b.ac_online;
    supply.charge_ratio = b.charge_ratio;
    supply.status = b.charging.value_or(false) ? "charging"
                    : raw.discharging          ? "discharging"
                                               : "unknown";
    if (raw.have_battery_state) {
        if (raw.max_capacity_mwh > 0) {
            supply.energy_full_wh = raw.max_capacity_mwh / 1000.0;
            supply.energy_now_wh = raw.remaining_capacity_mwh / 1000.0;
        }
        if (raw.rate_mw != kRateUnknown) {
            supply.power_w = raw.rate_mw / 1000.0;
        }
    }
    b.supplies.push_back(supply);
    return b;
}

PowerSupply supplyFromBatteryDevice(const WindowsBatteryDevice& d) {
    constexpr std::uint32_t kCapacityRelative = 0x40000000;  // capacities in percent, not mWh
    constexpr std::uint32_t kUnknown32 = 0xFFFFFFFF;
    constexpr std::uint32_t kPowerOnLine = 1, kDischarging = 2, kCharging = 4;
    PowerSupply s;
    s.name = d.name;
    s.type = "Battery";
    for (char c : d.chemistry) {
        if (c >= 0x20 && c < 0x7F) {
            s.technology.push_back(c);
        }
    }
    s.technology = std::string(trim(s.technology));
    const bool in_mwh = (d.capabilities & kCapacityRelative) == 0;
    const auto wh = [](std::uint32_t mwh) { return mwh / 1000.0; };
    if (in_mwh && d.designed_capacity != 0 && d.designed_capacity != kUnknown32) {
        s.energy_full_design_wh = wh(d.designed_capacity);
    }
    if (in_mwh && d.full_charged_capacity != 0 && d.full_charged_capacity != kUnknown32) {
        s.energy_full_wh = wh(d.full_charged_capacity);
    }
    if (d.cycle_count > 0) {
        s.cycle_count = d.cycle_count;
    }
    if (d.have_status) {
        s.online = (d.power_state & kPowerOnLine) != 0;
        s.status = (d.power_state & kCharging)      ? "charging"
                   : (d.power_state & kDischarging) ? "discharging"
                                                    : "unknown";
        if (d.capacity != kUnknown32) {
            if (in_mwh) {
                s.energy_now_wh = wh(d.capacity);
                if (s.energy_full_wh && *s.energy_full_wh > 0) {
                    s.charge_ratio = *s.energy_now_wh / *s.energy_full_wh;
                }
            } else if (d.full_charged_capacity != 0 && d.full_charged_capacity != kUnknown32) {
                // Relative units are arbitrary (BATTERY_CAPACITY_RELATIVE), not percent: only
                // their ratio to the full charge means anything.
                s.charge_ratio = static_cast<double>(d.capacity) / d.full_charged_capacity;
            }
        }
        if (d.voltage_mv != kUnknown32) {
            s.voltage_v = d.voltage_mv / 1000.0;
        }
        if (d.rate_mw != static_cast<std::int32_t>(0x80000000u) && in_mwh) {
            s.power_w = d.rate_mw / 1000.0;
        }
    }
    return s;
}

BatterySection batteryFromPowerSupplies(
    const std::map<std::string, std::map<std::string, std::string>>& supplies) {
    BatterySection b;
    double now_sum = 0, full_sum = 0;
    bool any_energy = false;
    for (const auto& [name, a] : supplies) {
        PowerSupply s;
        s.name = name;
        s.type = text(a, "type");
        if (auto online = number(a, "online", 1)) {
            s.online = *online != 0;
        }
        if (s.type == "Mains") {
            if (s.online) {
                b.ac_online = b.ac_online.value_or(false) || *s.online;
            }
            b.supplies.push_back(s);
            continue;
        }
        if (s.type != "Battery" || text(a, "present") == "0") {
            continue;
        }
        b.present = true;
        s.status = statusName(text(a, "status"));
        s.technology = text(a, "technology");
        if (auto capacity = number(a, "capacity", 0.01)) {
            s.charge_ratio = *capacity;
        }
        s.voltage_v = number(a, "voltage_now", 1e-6);
        s.energy_now_wh = number(a, "energy_now", 1e-6);
        s.energy_full_wh = number(a, "energy_full", 1e-6);
        s.energy_full_design_wh = number(a, "energy_full_design", 1e-6);
        // Batteries that count charge (µAh) instead of energy: times the voltage.
        if (!s.energy_now_wh && s.voltage_v) {
            if (auto charge = number(a, "charge_now", 1e-6))
                s.energy_now_wh = *charge * *s.voltage_v;
            if (auto charge = number(a, "charge_full", 1e-6))
                s.energy_full_wh = *charge * *s.voltage_v;
            if (auto charge = number(a, "charge_full_design", 1e-6))
                s.energy_full_design_wh = *charge * *s.voltage_v;
        }
        std::optional<double> power = number(a, "power_now", 1e-6);
        if (!power && s.voltage_v) {
            if (auto current = number(a, "current_now", 1e-6))
                power = *current * *s.voltage_v;
        }
        if (power) {
            s.power_w = s.status == "discharging" ? -*power : *power;
        }
        if (auto cycles = number(a, "cycle_count", 1); cycles && *cycles > 0) {
            s.cycle_count = static_cast<std::uint32_t>(*cycles);
        }
        if (s.energy_now_wh && s.energy_full_wh && *s.energy_full_wh > 0) {
            now_sum += *s.energy_now_wh;
            full_sum += *s.energy_full_wh;
            any_energy = true;
        }
        if (s.status == "charging")
            b.charging = true;
        if (s.status == "discharging" && !b.charging)
            b.charging = false;
        if (s.status == "discharging" && s.power_w && *s.power_w < 0 && s.energy_now_wh) {
            b.seconds_remaining = *s.energy_now_wh / -*s.power_w * 3600.0;
        }
        if (!b.charge_ratio && s.charge_ratio)
            b.charge_ratio = s.charge_ratio;
        b.supplies.push_back(s);
    }
    if (any_energy) {
        b.charge_ratio = now_sum / full_sum;
    }
    return b;
}

}  // namespace sysmetrics
