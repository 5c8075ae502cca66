// Thermal zones: windows_exporter's conversion of PDH "Thermal Zone Information" raw values and
// node_exporter's reading of /sys/class/thermal, and the families both give.
#include <gtest/gtest.h>

#include "collectors/thermalzone.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/rest/json_mapping.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

// The raw arrays PDH gives for two ACPI zones (and a _Total, which this object does not have but
// windows_exporter's reader would skip).
// The counters are PERF_COUNTER_RAWCOUNT (0x10000): the value is FirstValue.
PdhRawCounters twoZones() {
    return {
        {"High Precision Temperature",
         {{"\\_TZ.THRM", 3032, 0}, {"\\_TZ.CPUZ", 2982, 0}, {"_Total", 6014, 0}}},
        {"% Passive Limit", {{"\\_TZ.THRM", 100, 0}, {"\\_TZ.CPUZ", 45, 0}}},
        {"Throttle Reasons", {{"\\_TZ.THRM", 0, 0}, {"\\_TZ.CPUZ", 1, 0}}},
    };
}

ThermalZoneSection windowsSection() {
    ThermalZoneSection section;
    section.zones = thermalZonesFromPdh(twoZones());
    return section;
}

}  // namespace

TEST(ThermalZone, PdhTenthsOfKelvinBecomeCelsiusAsWindowsExporterConvertsThem) {
    const auto zones = thermalZonesFromPdh(twoZones());
    ASSERT_EQ(zones.size(), 2u);
    EXPECT_EQ(zones[0].name, "\\_TZ.THRM");
    EXPECT_DOUBLE_EQ(*zones[0].temperature_celsius, 3032 / 10.0 - 273.15);  // 30.05
    EXPECT_DOUBLE_EQ(*zones[0].percent_passive_limit, 100);
    EXPECT_DOUBLE_EQ(*zones[0].throttle_reasons, 0);
    EXPECT_EQ(zones[1].name, "\\_TZ.CPUZ");
    EXPECT_NEAR(*zones[1].temperature_celsius, 25.05, 1e-9);
    EXPECT_DOUBLE_EQ(*zones[1].percent_passive_limit, 45);
    EXPECT_DOUBLE_EQ(*zones[1].throttle_reasons, 1);
}

TEST(ThermalZone, ACounterThisMachineLacksLeavesOnlyItsValueOut) {
    auto counters = twoZones();
    counters.erase("High Precision Temperature");
    const auto zones = thermalZonesFromPdh(counters);
    ASSERT_EQ(zones.size(), 2u);
    EXPECT_FALSE(zones[0].temperature_celsius.has_value());
    EXPECT_TRUE(zones[0].percent_passive_limit.has_value());
    EXPECT_TRUE(thermalZonesFromPdh({}).empty());
}

TEST(ThermalZone, SysfsZonesAsNodeExporterReadsThem) {
    const auto zone = thermalZoneFromSysfs("thermal_zone3", "x86_pkg_temp\n", "47000\n");
    ASSERT_TRUE(zone.has_value());
    EXPECT_EQ(zone->name, "3");
    EXPECT_EQ(zone->type, "x86_pkg_temp");
    EXPECT_DOUBLE_EQ(*zone->temperature_celsius, 47.0);
    EXPECT_DOUBLE_EQ(*thermalZoneFromSysfs("thermal_zone0", "acpitz", "-5500")->temperature_celsius,
                     -5.5);
    EXPECT_FALSE(thermalZoneFromSysfs("cooling_device0", "Processor", "0").has_value());
    EXPECT_FALSE(thermalZoneFromSysfs("thermal_zone", "x", "1").has_value());
    EXPECT_FALSE(thermalZoneFromSysfs("thermal_zone1", "iwlwifi", "").has_value());
}

TEST(ThermalZoneMetrics, WindowsFamiliesAsWindowsExporterNamesThem) {
    FamilyList out;
    appendThermalZoneMetrics(windowsSection(), RenderContext(MetricNaming::windows), out);
    const std::string text = out.text();
    EXPECT_NE(text.find("# TYPE windows_thermalzone_temperature_celsius gauge\n"
                        "windows_thermalzone_temperature_celsius{name=\"\\\\_TZ.THRM\"} 30.05"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("windows_thermalzone_temperature_celsius{name=\"\\\\_TZ.CPUZ\"} 25.05"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("# TYPE windows_thermalzone_percent_passive_limit gauge\n"
                        "windows_thermalzone_percent_passive_limit{name=\"\\\\_TZ.THRM\"} 100\n"
                        "windows_thermalzone_percent_passive_limit{name=\"\\\\_TZ.CPUZ\"} 45\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("# TYPE windows_thermalzone_throttle_reasons gauge\n"
                        "windows_thermalzone_throttle_reasons{name=\"\\\\_TZ.THRM\"} 0\n"
                        "windows_thermalzone_throttle_reasons{name=\"\\\\_TZ.CPUZ\"} 1\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("node_"), std::string::npos);
    // No zone (most VMs, Wine): no family at all, never a zero.
    FamilyList none;
    appendThermalZoneMetrics(ThermalZoneSection(), RenderContext(MetricNaming::windows), none);
    EXPECT_TRUE(none.families().empty());
}

TEST(ThermalZoneMetrics, LinuxFamilyAsNodeExporterNamesIt) {
    ThermalZoneSection section;
    section.zones.push_back(*thermalZoneFromSysfs("thermal_zone0", "acpitz\n", "27800\n"));
    FamilyList out;
    appendThermalZoneMetrics(section, RenderContext(MetricNaming::linux), out);
    EXPECT_EQ(out.text(),
              "# HELP node_thermal_zone_temp Zone temperature in Celsius\n"
              "# TYPE node_thermal_zone_temp gauge\n"
              "node_thermal_zone_temp{type=\"acpitz\",zone=\"0\"} 27.8\n");
}

TEST(ThermalZoneMetrics, CollectThermalzoneSelectsTheCollector) {
    Snapshot snapshot;
    snapshot.version = 1;
    snapshot.sections["thermalzone"] = std::make_shared<ThermalZoneSection>(windowsSection());
    snapshot.status["thermalzone"].name = "thermalzone";
    MetricsEndpoint endpoint(MetricNaming::windows, RuntimeInfo(), catalogExpositions());
    const HttpResponse answer = endpoint.serve(snapshot, {"thermalzone"}, 1001);
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_NE(answer.body.find("windows_thermalzone_throttle_reasons{"), std::string::npos);
}

TEST(ThermalZoneRest, ZonesWithNullForWhatTheSourceLacks) {
    ThermalZoneSection section = windowsSection();
    section.zones[1].temperature_celsius.reset();
    const nlohmann::json json = toJson(section);
    ASSERT_EQ(json["zones"].size(), 2u);
    EXPECT_EQ(json["zones"][0]["name"], "\\_TZ.THRM");
    EXPECT_EQ(json["zones"][0]["percent_passive_limit"], 100.0);
    EXPECT_TRUE(json["zones"][1]["temperature_celsius"].is_null());
    EXPECT_EQ(json["zones"][1]["throttle_reasons"], 1.0);
}

}  // namespace sysmetrics
