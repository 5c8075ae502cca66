#include <dirent.h>

#include <memory>

#include "base/file_read.h"
#include "collectors/battery.h"

namespace sysmetrics {

namespace {

Result<BatterySection> readBattery() {
    const std::string base = "/sys/class/power_supply/";
    std::map<std::string, std::map<std::string, std::string>> supplies;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(base.c_str()), &closedir);
    if (dir) {
        while (const dirent* entry = readdir(dir.get())) {
            if (entry->d_name[0] == '.') {
                continue;
            }
            auto& attributes = supplies[entry->d_name];
            for (const char* key :
                 {"type", "online", "present", "status", "capacity", "voltage_now", "energy_now",
                  "energy_full", "energy_full_design", "charge_now", "charge_full",
                  "charge_full_design", "power_now", "current_now", "cycle_count", "technology"}) {
                auto value = readTextFile(base + entry->d_name + "/" + key);
                if (value.ok()) {
                    attributes[key] = value.value();
                }
            }
        }
    }
    // No /sys/class/power_supply at all is a machine without batteries: a normal answer.
    return batteryFromPowerSupplies(supplies);
}

}  // namespace

std::unique_ptr<SectionSource<BatterySection>> makeBatterySource() {
    return std::make_unique<StatelessSource<BatterySection>>(&readBattery);
}

}  // namespace sysmetrics
