#include <dirent.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "base/file_read.h"
#include "collectors/thermalzone.h"

namespace sysmetrics {

namespace {

// /sys/class/thermal/thermal_zoneN/{type,temp}, as node_exporter's thermal_zone collector reads
// them; a zone whose files cannot be read (some report EAGAIN or ENODATA) is left out.
class SysfsThermalZoneSource : public ThermalZoneSource {
public:
    Result<ThermalZoneSection> read() override {
        const std::string base = "/sys/class/thermal/";
        ThermalZoneSection section;
        std::vector<std::string> entries;
        const std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(base.c_str()), &::closedir);
        for (const dirent* entry = dir ? ::readdir(dir.get()) : nullptr; entry;
             entry = ::readdir(dir.get())) {
            // Only zones: not ".", "..", nor the cooling_deviceN entries beside them.
            if (std::string_view(entry->d_name).rfind("thermal_zone", 0) == 0) {
                entries.emplace_back(entry->d_name);
            }
        }
        std::sort(entries.begin(), entries.end());
        for (const auto& name : entries) {
            auto type = readTextFile(base + name + "/type");
            auto temp = readTextFile(base + name + "/temp");
            if (!type.ok() || !temp.ok()) {
                continue;
            }
            if (auto zone = thermalZoneFromSysfs(name, type.value(), temp.value())) {
                section.zones.push_back(std::move(*zone));
            }
        }
        empty_ = section.zones.empty();
        return section;
    }

    std::vector<std::string> notes() const override {
        if (empty_) {
            return {
                "no readable thermal zone in /sys/class/thermal; node_thermal_zone_temp is "
                "left out"};
        }
        return {};
    }

private:
    bool empty_ = false;
};

}  // namespace

std::unique_ptr<ThermalZoneSource> makeThermalZoneSource() {
    return std::make_unique<SysfsThermalZoneSource>();
}

}  // namespace sysmetrics
