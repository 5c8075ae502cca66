#include <windows.h>
#include <devguid.h>
#include <poclass.h>
#include <powrprof.h>
#include <setupapi.h>
#include <winioctl.h>

#include <cstring>
#include <vector>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "collectors/battery.h"

namespace sysmetrics {

namespace {

struct DeviceInfoSetDeleter {
    void operator()(void* set) const { ::SetupDiDestroyDeviceInfoList(static_cast<HDEVINFO>(set)); }
};

constexpr DWORD kMaxBatteries = 8;

// Per-battery details through the battery device interface (design capacity, cycle count,
// chemistry, voltage), as Microsoft's battery enumeration sample does. Empty where the machine
// has no battery devices.
std::vector<WindowsBatteryDevice> batteryDevices() {
    std::vector<WindowsBatteryDevice> out;
    HDEVINFO raw = ::SetupDiGetClassDevsW(&GUID_DEVCLASS_BATTERY, nullptr, nullptr,
                                          DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
    if (raw == INVALID_HANDLE_VALUE) {
        return out;
    }
    std::unique_ptr<void, DeviceInfoSetDeleter> devices(raw);
    for (DWORD index = 0; index < kMaxBatteries; index++) {
        SP_DEVICE_INTERFACE_DATA interface_data{};
        interface_data.cbSize = sizeof interface_data;
        if (!::SetupDiEnumDeviceInterfaces(raw, nullptr, &GUID_DEVCLASS_BATTERY, index,
                                           &interface_data)) {
            break;  // ERROR_NO_MORE_ITEMS
        }
        DWORD needed = 0;
        ::SetupDiGetDeviceInterfaceDetailW(raw, &interface_data, nullptr, 0, &needed, nullptr);
        if (needed == 0) {
            continue;
        }
        std::vector<std::uint8_t> buffer(needed);
        auto* detail = reinterpret_cast<SP_DEVICE_INTERFACE_DETAIL_DATA_W*>(buffer.data());
        detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W);
        if (!::SetupDiGetDeviceInterfaceDetailW(raw, &interface_data, detail, needed, nullptr,
                                                nullptr)) {
            continue;
        }
        win::UniqueKernelHandle battery(::CreateFileW(
            detail->DevicePath, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
            nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
        if (!battery) {
            continue;
        }
        DWORD wait = 0, returned = 0;
        BATTERY_QUERY_INFORMATION query{};
        if (!::DeviceIoControl(battery.get(), IOCTL_BATTERY_QUERY_TAG, &wait, sizeof wait,
                               &query.BatteryTag, sizeof query.BatteryTag, &returned, nullptr) ||
            query.BatteryTag == 0) {
            continue;  // no battery in this slot
        }
        WindowsBatteryDevice device;
        device.name = "battery" + std::to_string(index);
        BATTERY_INFORMATION info{};
        query.InformationLevel = BatteryInformation;
        if (::DeviceIoControl(battery.get(), IOCTL_BATTERY_QUERY_INFORMATION, &query, sizeof query,
                              &info, sizeof info, &returned, nullptr)) {
            device.capabilities = info.Capabilities;
            std::memcpy(device.chemistry, info.Chemistry, sizeof device.chemistry);
            device.designed_capacity = info.DesignedCapacity;
            device.full_charged_capacity = info.FullChargedCapacity;
            device.cycle_count = info.CycleCount;
        }
        BATTERY_WAIT_STATUS wait_status{};
        wait_status.BatteryTag = query.BatteryTag;
        BATTERY_STATUS status{};
        if (::DeviceIoControl(battery.get(), IOCTL_BATTERY_QUERY_STATUS, &wait_status,
                              sizeof wait_status, &status, sizeof status, &returned, nullptr)) {
            device.have_status = true;
            device.power_state = status.PowerState;
            device.capacity = status.Capacity;
            device.voltage_mv = status.Voltage;
            std::memcpy(&device.rate_mw, &status.Rate, sizeof device.rate_mw);
        }
        out.push_back(device);
    }
    return out;
}

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
    BatterySection section = batteryFromWindows(raw);
    if (section.present) {
        // Each battery's own details, where the device interface answers, replace the total.
        const auto devices = batteryDevices();
        if (!devices.empty()) {
            section.supplies.clear();
            for (const auto& device : devices) {
                section.supplies.push_back(supplyFromBatteryDevice(device));
            }
        }
    }
    return section;
}

}  // namespace

std::unique_ptr<SectionSource<BatterySection>> makeBatterySource() {
    return std::make_unique<StatelessSource<BatterySection>>(&readBattery);
}

}  // namespace sysmetrics
