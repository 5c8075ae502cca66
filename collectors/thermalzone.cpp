#include "collectors/thermalzone.h"

#include "base/text_parse.h"

namespace sysmetrics {

namespace {
constexpr double kZeroCelsiusInKelvin = 273.15;
}  // namespace

const std::vector<std::string> kThermalZonePdhCounters = {"High Precision Temperature",
                                                          "% Passive Limit", "Throttle Reasons"};

std::vector<ThermalZone> thermalZonesFromPdh(const PdhRawCounters& counters) {
    std::vector<ThermalZone> zones;
    std::map<std::string, std::size_t> index;
    const auto zoneOf = [&](const std::string& instance) -> ThermalZone* {
        if (instance.size() >= 6 && instance.compare(instance.size() - 6, 6, "_Total") == 0) {
            return nullptr;
        }
        auto [it, added] = index.emplace(instance, zones.size());
        if (added) {
            zones.push_back(ThermalZone{instance, "", std::nullopt, std::nullopt, std::nullopt});
        }
        return &zones[it->second];
    };
    // Instances in the order the first counter that has them lists them.
    for (const auto& name : kThermalZonePdhCounters) {
        auto it = counters.find(name);
        if (it == counters.end()) {
            continue;
        }
        for (const auto& sample : it->second) {
            ThermalZone* zone = zoneOf(sample.instance);
            if (!zone) {
                continue;
            }
            const double raw = static_cast<double>(sample.first);
            if (name == "High Precision Temperature") {
                zone->temperature_celsius = raw / 10.0 - kZeroCelsiusInKelvin;
            } else if (name == "% Passive Limit") {
                zone->percent_passive_limit = raw;
            } else {
                zone->throttle_reasons = raw;
            }
        }
    }
    return zones;
}

std::optional<ThermalZone> thermalZoneFromSysfs(std::string_view entry, std::string_view type,
                                                std::string_view temp) {
    constexpr std::string_view kPrefix = "thermal_zone";
    if (entry.substr(0, kPrefix.size()) != kPrefix || entry.size() == kPrefix.size()) {
        return std::nullopt;
    }
    const auto millidegrees = parseSigned(trim(temp));
    if (!millidegrees) {
        return std::nullopt;
    }
    ThermalZone zone;
    zone.name = std::string(entry.substr(kPrefix.size()));
    zone.type = std::string(trim(type));
    zone.temperature_celsius = static_cast<double>(*millidegrees) / 1000.0;
    return zone;
}

}  // namespace sysmetrics
