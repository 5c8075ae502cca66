// /api/v1/history through the real service on 127.0.0.1 (issue #16): a chart that loads after
// the service has run a while gets the points collected so far, in time order.
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

TEST(HistoryHttp, ChartsStartWithThePointsCollectedSoFar) {
    Config config = test::localConfig({"cpu", "memory"});
    config.collectors["cpu"].interval = 200ms;
    config.collectors["memory"].interval = 200ms;
    auto running = test::startApp(config);
    ASSERT_NE(running.port, 0);
    httplib::Client client("127.0.0.1", running.port);
    client.set_read_timeout(30, 0);

    const std::string path =
        "/api/v1/history?series=cpu.busy_percent,cpu.cores.busy_percent,memory.used_percent"
        "&after=-600";
    const json body = test::pollJson(
        client, path,
        [](const json& d) {
            const auto points = [](const json& series) {
                return series.contains("points") ? series["points"].size() : 0u;
            };
            return d.contains("series") && !d["series"].empty() && points(d["series"][0]) >= 3 &&
                   points(d["series"].back()) >= 3;
        },
        60s);
    auto points = [&](std::size_t index) {
        return body["series"].size() > index ? body["series"][index]["points"].size() : 0u;
    };
    ASSERT_GE(points(0), 3u) << body.dump();
    auto answer = client.Get(path);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->get_header_value("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(body["series"][0]["name"], "cpu.busy_percent");
    EXPECT_EQ(body["series"].back()["name"], "memory.used_percent");
    bool any_core = false;
    for (const auto& series : body["series"]) {
        any_core = any_core || series["name"] == "cpu.cores.busy_percent";
        double previous = 0;
        for (const auto& point : series["points"]) {
            const double time = point[0].get<double>();
            EXPECT_GT(time, previous) << series.dump();
            EXPECT_GE(time, body["after"].get<double>());
            EXPECT_LE(time, body["before"].get<double>());
            previous = time;
            EXPECT_GE(point[1].get<double>(), 0.0);
            EXPECT_LE(point[1].get<double>(), 100.0);
        }
    }
    EXPECT_TRUE(any_core) << body.dump();

    // The catalog names each core the history follows, and the memory it takes.
    auto listing = client.Get("/api/v1/history");
    ASSERT_TRUE(listing);
    const json catalog = json::parse(listing->body);
    EXPECT_GT(catalog["memory_bytes"].get<std::size_t>(), 0u);
    bool cores_listed = false;
    for (const auto& series : catalog["series"]) {
        if (series["name"] == "cpu.cores.busy_percent") {
            cores_listed = !series["items"].empty();
        }
    }
    EXPECT_TRUE(cores_listed) << catalog.dump();

    // Asked for fewer points than it has, it averages them down.
    auto one = client.Get("/api/v1/history?series=memory.used_percent&after=-600&points=1");
    ASSERT_TRUE(one);
    EXPECT_EQ(json::parse(one->body)["series"][0]["points"].size(), 1u) << one->body;

    auto bad = client.Get("/api/v1/history?series=cpu.everything");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    EXPECT_NE(bad->body.find("unknown series 'cpu.everything'"), std::string::npos);
    running.app->stop();
}

}  // namespace
}  // namespace sysmetrics
