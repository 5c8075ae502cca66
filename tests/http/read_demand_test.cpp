// Collectors that idle while nobody reads their data, driven through the real service on
// 127.0.0.1: a REST read answers from the snapshot and wakes the collector; /metrics without
// per-process series does not.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <sstream>
#include <thread>

#ifndef _WIN32
#include <unistd.h>
#endif

#include "base/clock.h"
#include "config/connection_settings.h"
#include "test_app.h"
#include "tests/common/eventually.h"

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
    return test::eventually(
        [&] {
            const json status = collectorStatus(client, name);
            return status.is_object() && condition(status);
        },
        limit, 50ms);
}

// The value of the first sample on /metrics whose line holds every one of `parts`.
std::optional<double> sampleWith(const std::string& body,
                                 std::initializer_list<const char*> parts) {
    std::istringstream lines(body);
    std::string line;
    while (std::getline(lines, line)) {
        bool all = line.rfind('#', 0) != 0;
        for (const char* part : parts) {
            all = all && line.find(part) != std::string::npos;
        }
        if (all) {
            return std::stod(line.substr(line.rfind(' ') + 1));
        }
    }
    return std::nullopt;
}

// The row of /api/v1/connections for the service's own listening socket.
json ownListener(httplib::Client& client, std::uint16_t port) {
    auto response = client.Get("/api/v1/connections?proto=tcp&family=4&state=LISTEN&local_port=" +
                               std::to_string(port));
    if (!response || response->status != 200) {
        return json();
    }
    const json rows = json::parse(response->body)["connections"];
    return rows.size() == 1 ? rows[0] : json();
}

}  // namespace

// /metrics needs only counts by state, so owners are not looked for until a REST read asks for
// them (Linux: that costs a stat of every /proc/[pid]/fd); Windows tables carry them anyway.
TEST(ReadDemand, ConnectionOwnersAreFoundOnceARestReadAsksForThem) {
    Config config = test::localConfig({"connections", "memory"});
    config.collectors["connections"].interval = std::chrono::hours(1);  // no cycle by the clock
    auto counted = std::make_shared<ConnectionSettings>();
    counted->state_counts = true;  // /metrics reads the table (the Windows default)
    config.settings.set(ConnectionSettings::kCollector, counted);
    App app(config, RuntimeInfo{"test", "test", wallSeconds(), "", "", ""});
    auto port = app.start();
    ASSERT_TRUE(port.ok()) << port.error().describe();
    httplib::Client client("127.0.0.1", port.value());
    // The first cycle's bound is waitHealthy's: under Wine 8 the owner-PID tables cost seconds
    // (for each of the host's sockets Wine reads every Wine process's /proc/<pid>/fd), over 20
    // on a busy host.
    ASSERT_TRUE(eventually(
        client, "connections", [](const json& s) { return s["runs_total"] == 1; }, 60000ms))
        << collectorStatus(client, "connections").dump();

    auto metrics = client.Get("/metrics");
    ASSERT_TRUE(metrics);
    const auto listening = sampleWith(metrics->body, {"tcp_connections", "af=\"ipv4\"", "LISTEN"});
    ASSERT_TRUE(listening) << metrics->body.substr(0, 2000);
    EXPECT_GE(*listening, 1.0);  // this service's own socket at least

    // The first read answers from the snapshot as it is and asks for a cycle with owners.
    const json first = ownListener(client, port.value());
    ASSERT_TRUE(first.is_object());
#ifdef _WIN32
    EXPECT_FALSE(first["pid"].is_null()) << first.dump();  // the OWNER_PID tables have them
#else
    EXPECT_TRUE(first["pid"].is_null()) << first.dump();
    json owned;
    EXPECT_TRUE(test::eventually(
        [&] {
            owned = ownListener(client, port.value());
            return owned.is_object() && !owned["pid"].is_null();
        },
        20000ms, 50ms))
        << owned.dump();
    EXPECT_EQ(owned["pid"], getpid());
    EXPECT_EQ(collectorStatus(client, "connections")["runs_total"], 2);
#endif
    app.stop();
}

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
