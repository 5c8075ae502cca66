#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

void appendThermalZoneMetrics(const ThermalZoneSection& section, const RenderContext& context,
                              FamilyList& out) {
    if (context.naming == MetricNaming::linux) {
        for (const auto& zone : section.zones) {
            out.gaugeIf("node_thermal_zone_temp", "Zone temperature in Celsius",
                        zone.temperature_celsius, {{"type", zone.type}, {"zone", zone.name}});
        }
        return;
    }
    for (const auto& zone : section.zones) {
        out.gaugeIf("windows_thermalzone_temperature_celsius",
                    "Temperature of the thermal zone, degrees Celsius (PDH Thermal Zone "
                    "Information High Precision Temperature, tenths of a kelvin).",
                    zone.temperature_celsius, {{"name", zone.name}});
    }
    for (const auto& zone : section.zones) {
        out.gaugeIf("windows_thermalzone_percent_passive_limit",
                    "Limit the zone places on the devices it controls, percent: 100 = "
                    "unconstrained (PDH % Passive Limit).",
                    zone.percent_passive_limit, {{"name", zone.name}});
    }
    for (const auto& zone : section.zones) {
        out.gaugeIf("windows_thermalzone_throttle_reasons",
                    "Why the zone throttles: 0 not throttled, 1 thermal, 2 current limit (PDH "
                    "Throttle Reasons).",
                    zone.throttle_reasons, {{"name", zone.name}});
    }
}

}  // namespace sysmetrics
