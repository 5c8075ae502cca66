// Battery families (windows_battery_* on Windows, node_power_supply_* on Linux).
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {
constexpr double kJoulesPerWattHour = 3600.0;

}  // namespace

void appendBatteryMetrics(const BatterySection& b, const RenderContext& context, FamilyList& out) {
    const MetricNaming naming = context.naming;
    if (naming == MetricNaming::windows) {
        if (b.ac_online) {
            out.gauge("windows_battery_power_plugged", "1 when on AC power (GetSystemPowerStatus).",
                      *b.ac_online ? 1 : 0);
        }
        if (!b.present) {
            return;  // no battery: no battery series
        }
        out.gaugeIf("windows_battery_charge_ratio", "Remaining charge, 0 to 1.", b.charge_ratio);
        if (b.seconds_remaining) {
            out.gauge("windows_battery_seconds_remaining", "Estimated seconds of battery left.",
                      *b.seconds_remaining);
        }
        if (b.charging) {
            out.gauge("windows_battery_charging", "1 while charging.", *b.charging ? 1 : 0);
        }
        // One series per battery, labelled: a laptop with two batteries (or a UPS beside one)
        // must not give the same unlabelled series twice, which fails the whole scrape.
        for (const auto& s : b.supplies) {
            const Labels l = {{"battery", s.name}};
            if (s.energy_full_wh) {
                out.gauge("windows_battery_full_charge_capacity_joules",
                          "Full-charge capacity in joules (IOCTL_BATTERY_QUERY_INFORMATION, or "
                          "SystemBatteryState MaxCapacity for battery=\"system\").",
                          *s.energy_full_wh * kJoulesPerWattHour, l);
            }
            if (s.energy_now_wh) {
                out.gauge("windows_battery_remaining_capacity_joules",
                          "Remaining capacity in joules (IOCTL_BATTERY_QUERY_STATUS, or "
                          "SystemBatteryState RemainingCapacity for battery=\"system\").",
                          *s.energy_now_wh * kJoulesPerWattHour, l);
            }
            if (s.power_w) {
                out.gauge("windows_battery_rate_watts",
                          "Charge (+) or discharge (-) rate in watts (IOCTL_BATTERY_QUERY_STATUS, "
                          "or SystemBatteryState Rate for battery=\"system\").",
                          *s.power_w, l);
            }
        }
        return;
    }
    for (const auto& s : b.supplies) {
        const Labels l = {{"power_supply", s.name}};
        if (s.online) {
            out.gauge("node_power_supply_online",
                      "online value of /sys/class/power_supply/<power_supply>.", *s.online ? 1 : 0,
                      l);
        }
        if (s.type != "Battery") {
            continue;
        }
        if (s.charge_ratio) {
            out.gauge("node_power_supply_capacity",
                      "capacity value of /sys/class/power_supply/<power_supply>.",
                      *s.charge_ratio * 100, l);
        }
        if (s.energy_now_wh) {
            out.gauge("node_power_supply_energy_watthour", "energy_now in watt-hours.",
                      *s.energy_now_wh, l);
        }
        if (s.energy_full_wh) {
            out.gauge("node_power_supply_energy_full", "energy_full in watt-hours.",
                      *s.energy_full_wh, l);
        }
        if (s.energy_full_design_wh) {
            out.gauge("node_power_supply_energy_full_design", "energy_full_design in watt-hours.",
                      *s.energy_full_design_wh, l);
        }
        out.gaugeIf("node_power_supply_power_watt",
                    "power_now in watts (negative while discharging).", s.power_w, l);
        out.gaugeIf("node_power_supply_voltage_volt", "voltage_now in volts.", s.voltage_v, l);
        out.gaugeIf("node_power_supply_cyclecount", "cycle_count value.", s.cycle_count, l);
        out.info("node_power_supply_info", "Battery status and technology.",
                 {{"power_supply", s.name},
                  {"type", s.type},
                  {"status", s.status},
                  {"technology", s.technology}});
    }
}

}  // namespace sysmetrics
