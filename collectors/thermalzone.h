#pragma once
// Thermal zones: windows_exporter's thermalzone collector (PDH "Thermal Zone Information") on
// Windows, node_exporter's thermal_zone collector (/sys/class/thermal) on Linux.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "collectors/pdh_raw.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

struct ThermalZone {
    std::string name;  // Windows: the PDH instance ("\_TZ.THRM"); Linux: N of thermal_zoneN
    std::string type;  // Linux: the zone's type file ("x86_pkg_temp"); Windows: ""
    std::optional<double> temperature_celsius;
    std::optional<double> percent_passive_limit;  // Windows: 100 = the zone does not throttle
    std::optional<double> throttle_reasons;       // Windows: 0 none, 1 thermal, 2 current limit
};

struct ThermalZoneSection : Section {
    static constexpr const char* kName = "thermalzone";
    std::vector<ThermalZone> zones;
};

// A platform's source; on Windows it keeps the PDH query open. Its notes say why there are no
// zones where there are none (most VMs, Wine).
using ThermalZoneSource = SectionSource<ThermalZoneSection>;
using ThermalZoneCollector = SourceCollector<ThermalZoneSection>;
std::unique_ptr<ThermalZoneSource> makeThermalZoneSource();

// ---- Portable interpretation ----

// The English counters windows_exporter reads of PDH "Thermal Zone Information", raw.
extern const std::vector<std::string> kThermalZonePdhCounters;

// Zones from the raw values by counter name, in first-seen instance order (a "_Total" instance
// skipped, as windows_exporter skips it): "High Precision Temperature" is in tenths of a kelvin
// (PERF_COUNTER_RAWCOUNT), so Celsius = raw / 10 - 273.15, windows_exporter's conversion;
// "% Passive Limit" and "Throttle Reasons" as they are.
std::vector<ThermalZone> thermalZonesFromPdh(const PdhRawCounters& counters);

// Linux: one /sys/class/thermal entry ("thermal_zone3") with its type and temp files (temp in
// millidegrees Celsius), as node_exporter reads it; none when the entry is not a thermal zone
// or its temperature does not parse (node_exporter skips such zones too).
std::optional<ThermalZone> thermalZoneFromSysfs(std::string_view entry, std::string_view type,
                                                std::string_view temp);

}  // namespace sysmetrics
