// Rates and first samples through the real service on 127.0.0.1 (issue #16): the REST answers
// carry per-second rates once two collections exist, and a process list read right after start
// already has CPU percentages to sort by.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

#include "test_app.h"

namespace sysmetrics {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

TEST(Rates, InterfacesAndCpuCountersGainPerSecondRatesOnTheSecondCollection) {
    Config config = test::localConfig({"network", "cpu"});
    config.collectors["network"].interval = 200ms;
    config.collectors["cpu"].interval = 200ms;
    auto running = test::startApp(config);
    ASSERT_NE(running.port, 0);
    httplib::Client client("127.0.0.1", running.port);

    const json nics = test::pollJson(client, "/api/v1/network/interfaces", [](const json& d) {
        for (const auto& nic : d["interfaces"]) {
            if (!nic["bytes_received_per_second"].is_null()) {
                return true;
            }
        }
        return false;
    });
    ASSERT_TRUE(nics.contains("interfaces")) << nics.dump();
    bool any = false;
    for (const auto& nic : nics["interfaces"]) {
        for (const char* rate : {"bytes_received_per_second", "bytes_sent_per_second",
                                 "packets_received_per_second", "packets_sent_per_second"}) {
            ASSERT_TRUE(nic.contains(rate)) << nic.dump();
            if (!nic[rate].is_null()) {
                any = true;
                EXPECT_GE(nic[rate].get<double>(), 0.0) << nic.dump();
            }
        }
    }
    EXPECT_TRUE(any) << "no interface gained a rate: " << nics.dump();

    // Where the OS counts context switches, their rate follows on the second collection.
    const json cpu = test::pollJson(client, "/api/v1/cpu", [](const json& d) {
        return d["counters"]["context_switches"].is_null() ||
               !d["counters_per_second"]["context_switches"].is_null();
    });
    ASSERT_TRUE(cpu.contains("counters_per_second")) << cpu.dump();
    if (!cpu["counters"]["context_switches"].is_null()) {
        EXPECT_GE(cpu["counters_per_second"]["context_switches"].get<double>(), 0.0);
    }
    running.app->stop();
}

TEST(Rates, TheFirstProcessListAlreadyHasCpuPercentages) {
    Config config = test::localConfig({"processes"});
    config.collectors["processes"].interval = 3600s;  // one collection: the one at start
    auto running = test::startApp(config);
    ASSERT_NE(running.port, 0);
    httplib::Client client("127.0.0.1", running.port);
    const json status = test::pollJson(client, "/api/v1/collectors", [](const json& d) {
        for (const auto& c : d["collectors"]) {
            if (c["name"] == "processes" && c["runs_total"] >= 1) {
                return true;
            }
        }
        return false;
    });
    auto listed =
        client.Get("/api/v1/processes?sort=cpu_percent&fields=pid,name,create_time,cpu_percent");
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->status, 200) << listed->body;
    const json processes = json::parse(listed->body)["processes"];
    ASSERT_FALSE(processes.empty());
    std::size_t with_start = 0, with_cpu = 0;
    for (const auto& p : processes) {
        if (p["create_time"].get<double>() > 0) {
            with_start++;
            with_cpu += p["cpu_percent"].is_null() ? 0 : 1;
        }
    }
    // Every process whose start time is known has its lifetime average from the first run on.
    EXPECT_GT(with_start, 0u) << status.dump();
    EXPECT_EQ(with_cpu, with_start);
    running.app->stop();
}

}  // namespace
}  // namespace sysmetrics
