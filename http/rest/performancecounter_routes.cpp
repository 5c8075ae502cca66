#include "collectors/performancecounter.h"
#include "http/rest/collector_routes.h"
#include "http/rest/list_route.h"

namespace sysmetrics {

namespace {

nlohmann::json performanceCounterJson(const PerformanceCounterSection& section) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& value : section.values) {
        nlohmann::json labels = nlohmann::json::object();
        for (const auto& [name, text] : value.labels) {
            labels[name] = text;
        }
        values.push_back({{"metric", value.metric},
                          {"type", value.is_counter ? "counter" : "gauge"},
                          {"labels", labels},
                          {"value", value.value}});
    }
    return {{"collected_at", section.collected_at}, {"values", values}};
}

}  // namespace

// GET /api/v1/performancecounter: every configured counter's values of the last cycle.
RestRoutes performanceCounterRoutes() {
    return {listSectionRoute("/api/v1/performancecounter", &performanceCounterJson,
                             &PerformanceCounterSection::values, "values")};
}

}  // namespace sysmetrics
