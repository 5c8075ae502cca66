#include <windows.h>
#include <powrprof.h>

#include <cstring>

#include "collectors/battery.h"
#include "collectors/windows/win_error.h"

namespace sysmetrics {

Result<BatterySection> readBattery() {
    SYSTEM_POWER_STATUS status{};
    if (!::GetSystemPowerStatus(&status)) {
        return win::lastError("GetSystemPowerStatus");
    }
    WindowsPowerRaw raw;
    raw.ac_line_status = status.ACLineStatus;
    raw.battery_flag = status.BatteryFlag;
    raw.life_percent = status.BatteryLifePercent;
    raw.life_seconds = status.BatteryLifeTime;
    SYSTEM_BATTERY_STATE state{};
    if (::CallNtPowerInformation(SystemBatteryState, nullptr, 0, &state, sizeof state) == 0) {
        raw.have_battery_state = true;
        raw.battery_present = state.BatteryPresent != 0;
        raw.charging = state.Charging != 0;
        raw.discharging = state.Discharging != 0;
        raw.max_capacity_mwh = state.MaxCapacity;
        raw.remaining_capacity_mwh = state.RemainingCapacity;
        std::memcpy(&raw.rate_mw, &state.Rate, sizeof raw.rate_mw);
    }
    return batteryFromWindows(raw);
}

}  // namespace sysmetrics
