// Collectors that idle while nobody reads their data, driven through the real service on
// 127.0.0.1: a REST read answers from the snapshot and wakes the collector; /metrics without
// per-process series does not.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <thread>

#include "base/clock.h"
#include "test_app.h"

namespace sysmetrics {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

Config processesOnly(std::chrono::milliseconds interval) {
    Config config = test::localConfig({"processes", "memory"});
    config.collectors["processes"].interval = interval;
    return config;
}

json collectorStatus(httplib::Client& client, const std::string& name) {
    auto response = client.Get("/api/v1/collectors");
    if (!response || response->status != 200) {
        return json();
    }
    const json document = json::parse(response->body);
    for (const auto& c : document["collectors"]) {
        if (c["name"] == name) {
            return c;
        }
    }
    return json();
}

// Polls (bounded) until `condition` holds on the collector's status.
bool eventually(httplib::Client& client, const std::string& name,
                const std::function<bool(const json&)>& condition,
                std::chrono::milliseconds limit = 20000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        const json status = collectorStatus(client, name);
        if (status.is_object() && condition(status)) {
            return true;
        }
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

}  // namespace

TEST(ReadDemand, UnreadProcessesIdleAndARestReadWakesThem) {
    App app(processesOnly(500ms), RuntimeInfo{"test", "test", wallSeconds(), "", "", ""});
    auto port = app.start();
    ASSERT_TRUE(port.ok()) << port.error().describe();
    httplib::Client client("127.0.0.1", port.value());

    // One collection at start, then idle: nobody has read the processes yet.
    ASSERT_TRUE(eventually(client, "processes", [](const json& s) {
        return s["runs_total"] == 1 && s["idle"] == true;
    })) << collectorStatus(client, "processes").dump();
    const json idle = collectorStatus(client, "processes");
    EXPECT_EQ(idle["idle_interval_seconds"], 300);
    EXPECT_TRUE(idle["last_read"].is_null());

    // /metrics by default carries no per-process series, so it is not a read of them.
    auto metrics = client.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_EQ(metrics->body.find("_process_info{"), std::string::npos);
    EXPECT_NE(metrics->body.find("sysmetrics_collector_idle{collector=\"processes\"} 1"),
              std::string::npos);
    std::this_thread::sleep_for(1500ms);  // three intervals
    EXPECT_EQ(collectorStatus(client, "processes")["runs_total"], 1);

    // A REST read answers at once from the snapshot and asks for fresh data.
    auto listed = client.Get("/api/v1/processes");
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->status, 200);
    EXPECT_FALSE(json::parse(listed->body)["processes"].empty());
    EXPECT_TRUE(eventually(client, "processes", [](const json& s) {
        return s["runs_total"] >= 3 && s["idle"] == false && !s["last_read"].is_null();
    })) << collectorStatus(client, "processes").dump();
    app.stop();
}

TEST(ReadDemand, PerProcessSeriesOnMetricsKeepTheProcessesCollected) {
    auto applied = applyConfigJson(
        processesOnly(500ms), R"({"collectors": {"processes": {"per_process": true, "limit": 5}}})",
        "test");
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    const Config config = applied.value();
    App app(config, RuntimeInfo{"test", "test", wallSeconds(), "", "", ""});
    auto port = app.start();
    ASSERT_TRUE(port.ok()) << port.error().describe();
    httplib::Client client("127.0.0.1", port.value());
    ASSERT_TRUE(
        eventually(client, "processes", [](const json& s) { return s["runs_total"] >= 1; }));
    auto metrics = client.Get("/metrics");
    ASSERT_TRUE(metrics);
    EXPECT_NE(metrics->body.find("_process_info{"), std::string::npos);
    EXPECT_TRUE(eventually(client, "processes", [](const json& s) {
        return s["runs_total"] >= 3 && s["idle"] == false;
    })) << collectorStatus(client, "processes").dump();
    app.stop();
}

}  // namespace sysmetrics
