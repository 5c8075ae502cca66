// The in-memory history behind /api/v1/history (issue #16): bounded, in time order, trimmed to
// its window, averaged down on request, and fed from the sections the collectors publish.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collectors/cpu.h"
#include "collectors/disk.h"
#include "collectors/history.h"
#include "collectors/history_series.h"
#include "collectors/memory.h"
#include "collectors/network.h"
#include "collectors/snapshot_store.h"
#include "collectors/system.h"
#include "http/rest/history_route.h"

namespace sysmetrics {
namespace {

using nlohmann::json;

std::vector<double> values(const std::vector<HistoryPoint>& points) {
    std::vector<double> out;
    for (const auto& p : points) {
        out.push_back(p.value);
    }
    return out;
}

TEST(History, KeepsEachItemApartAndAnswersTheAskedSpan) {
    History history;
    for (int t = 100; t < 110; ++t) {
        history.record("cpu.cores.busy_percent", "0", t, t - 100);
        history.record("cpu.cores.busy_percent", "1", t, 50);
    }
    history.record("cpu.busy_percent", "", 105, 7);
    const auto cores = history.query("cpu.cores.busy_percent", 103, 106, 0);
    ASSERT_EQ(cores.size(), 2u);
    EXPECT_EQ(cores[0].item, "0");
    EXPECT_EQ(values(cores[0].points), (std::vector<double>{3, 4, 5, 6}));
    EXPECT_EQ(cores[1].item, "1");
    EXPECT_EQ(values(cores[1].points), (std::vector<double>{50, 50, 50, 50}));
    EXPECT_TRUE(history.query("memory.used_percent", 0, 1000, 0).empty());
}

TEST(History, TrimsToItsWindowAndForgetsSeriesLeftEmpty) {
    HistoryLimits limits;
    limits.window_seconds = 10;
    History history(limits);
    history.record("network.interfaces.bytes_sent_per_second", "gone0", 100, 1);
    for (int t = 100; t <= 120; ++t) {
        history.record("network.interfaces.bytes_sent_per_second", "eth0", t, t);
    }
    history.trim(120);
    const auto nics = history.query("network.interfaces.bytes_sent_per_second", 0, 1000, 0);
    ASSERT_EQ(nics.size(), 1u);  // the interface that went away is forgotten
    EXPECT_EQ(nics[0].item, "eth0");
    EXPECT_EQ(nics[0].points.front().time, 110);
    EXPECT_EQ(nics[0].points.size(), 11u);
}

TEST(History, CapsPointsPerSeriesAndTheNumberOfSeries) {
    HistoryLimits limits;
    limits.max_points_per_series = 5;
    limits.max_series = 2;
    History history(limits);
    for (int t = 0; t < 100; ++t) {
        history.record("a", "", t, t);
        history.record("b", "", t, t);
        history.record("c", "", t, t);  // beyond the series cap
    }
    const auto a = history.query("a", 0, 1000, 0);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(values(a[0].points), (std::vector<double>{95, 96, 97, 98, 99}));
    EXPECT_TRUE(history.query("c", 0, 1000, 0).empty());
    const auto usage = history.usage();
    EXPECT_EQ(usage.series, 2u);
    EXPECT_EQ(usage.points, 10u);
    EXPECT_EQ(usage.series_dropped, 100u);
    EXPECT_EQ(usage.bytes, 10 * sizeof(HistoryPoint) + 2);
}

TEST(History, ARepeatedTimeIsDroppedAndAClockSetBackStartsTheSeriesAnew) {
    History history;
    history.record("memory.used_percent", "", 100, 1);
    history.record("memory.used_percent", "", 100, 2);  // the same collection again
    history.record("memory.used_percent", "", 101, 3);
    auto points = history.query("memory.used_percent", 0, 1000, 0)[0].points;
    EXPECT_EQ(values(points), (std::vector<double>{1, 3}));
    history.record("memory.used_percent", "", 50, 4);  // clock set back by 51 s
    history.record("memory.used_percent", "", 51, 5);
    points = history.query("memory.used_percent", 0, 1000, 0)[0].points;
    EXPECT_EQ(values(points), (std::vector<double>{4, 5}));
}

TEST(Downsample, AveragesEqualSlicesOfTheSpanAtTheTimeOfEachSlicesLastPoint) {
    std::vector<HistoryPoint> points;
    for (int t = 0; t < 10; ++t) {
        points.push_back({100.0 + t, static_cast<double>(t)});
    }
    const auto five = downsample(points, 100, 110, 5);
    ASSERT_EQ(five.size(), 5u);
    EXPECT_EQ(values(five), (std::vector<double>{0.5, 2.5, 4.5, 6.5, 8.5}));
    EXPECT_EQ(five[0].time, 101);
    EXPECT_EQ(five[4].time, 109);
    // A gap leaves its slices out rather than inventing values.
    std::vector<HistoryPoint> gap = {{0, 1}, {1, 3}, {8, 10}, {9, 20}};
    const auto sliced = downsample(gap, 0, 10, 3);
    EXPECT_EQ(values(sliced), (std::vector<double>{2, 15}));
    // No more points than asked: unchanged.
    EXPECT_EQ(downsample(points, 100, 110, 10).size(), 10u);
    EXPECT_EQ(downsample(points, 100, 110, 0).size(), 10u);
}

TEST(HistorySeries, RecordsWhatTheCollectorsPublish) {
    History history;
    CpuSection cpu;
    cpu.collected_at = 1000;
    cpu.total_usage = CpuUsage{{}, 42.5};
    cpu.sample.cores.resize(2);
    cpu.sample.cores[0].id = "0,0";
    cpu.sample.cores[1].id = "0,1";
    cpu.core_usage = {CpuUsage{{}, 10}, std::nullopt};  // the second core's first sample
    cpu.sample.processor_queue_length = 3;
    recordHistory(history, "cpu", cpu);

    MemorySection memory;
    memory.collected_at = 1000;
    memory.physical_total_bytes = 4000;
    memory.physical_available_bytes = 1000;
    memory.swap_total_bytes = 0;  // no page file: no swap share, rather than a made-up 0
    memory.swap_free_bytes = 0;
    recordHistory(history, "memory", memory);

    NetworkSection network;
    network.collected_at = 1000;
    network.interfaces.resize(1);
    network.interfaces[0].name = "Ethernet";
    network.interfaces[0].bytes_sent_per_second = 512;
    recordHistory(history, "network", network);

    DiskSection disks;
    disks.collected_at = 1000;
    disks.disks.resize(1);
    disks.disks[0].volume = "C:";
    disks.disks[0].read_bytes_per_second = 4096;
    recordHistory(history, "disks", disks);

    SystemSection system;
    system.collected_at = 1000;
    system.processes = 123;
    recordHistory(history, "system", system);

    auto one = [&](const std::string& name) {
        const auto found = history.query(name, 0, 2000, 0);
        return found.size() == 1 && found[0].points.size() == 1 ? found[0].points[0].value : -1.0;
    };
    EXPECT_EQ(one("cpu.busy_percent"), 42.5);
    const auto cores = history.query("cpu.cores.busy_percent", 0, 2000, 0);
    ASSERT_EQ(cores.size(), 1u);
    EXPECT_EQ(cores[0].item, "0,0");
    EXPECT_EQ(one("cpu.processor_queue_length"), 3);
    EXPECT_TRUE(history.query("cpu.load1", 0, 2000, 0).empty());  // Windows has none
    EXPECT_EQ(one("memory.used_percent"), 75);
    EXPECT_EQ(one("memory.available_bytes"), 1000);
    EXPECT_TRUE(history.query("memory.swap_used_percent", 0, 2000, 0).empty());
    EXPECT_EQ(one("network.interfaces.bytes_sent_per_second"), 512);
    EXPECT_TRUE(history.query("network.interfaces.bytes_received_per_second", 0, 2000, 0).empty());
    EXPECT_EQ(one("disks.read_bytes_per_second"), 4096);
    EXPECT_EQ(one("system.processes"), 123);
    // Every series recorded is in the catalog a client discovers them from.
    for (const auto& info : historySeriesCatalog()) {
        EXPECT_EQ(findHistorySeries(info.name), &info);
    }
}

TEST(HistorySeries, FollowsTheStoresPublications) {
    SnapshotStore store;
    History history;
    store.setPublishListener([&](const std::string& collector, const Section& section) {
        recordHistory(history, collector, section);
    });
    for (int i = 0; i < 3; ++i) {
        auto memory = std::make_shared<MemorySection>();
        memory->collected_at = 100 + i;
        memory->physical_total_bytes = 100;
        memory->physical_available_bytes = 100 - i;
        CollectorStatus status;
        status.name = "memory";
        store.publish(status, memory);
        store.publish(status, nullptr);  // a failed cycle adds nothing
    }
    const auto used = history.query("memory.used_percent", 0, 1000, 0);
    ASSERT_EQ(used.size(), 1u);
    EXPECT_EQ(values(used[0].points), (std::vector<double>{0, 1, 2}));
}

HttpRequest get(std::multimap<std::string, std::string> params) {
    HttpRequest request;
    request.path = "/api/v1/history";
    request.params = std::move(params);
    return request;
}

TEST(HistoryRoute, ListsTheSeriesAndAnswersAQueryRelativeToNow) {
    History history;
    ReadDemand demand;
    for (int t = 0; t <= 600; t += 5) {
        history.record("cpu.busy_percent", "", 1000 + t, t % 2 ? 10 : 20);
        history.record("cpu.cores.busy_percent", "0", 1000 + t, 1);
    }
    const double now = 1600;

    const auto list = historyAnswer(get({}), &history, now, demand);
    ASSERT_EQ(list.status, 200);
    const json catalog = json::parse(list.body);
    EXPECT_EQ(catalog["window_seconds"], 3600);
    ASSERT_EQ(catalog["series"].size(), historySeriesCatalog().size());
    EXPECT_EQ(catalog["series"][0]["name"], "cpu.busy_percent");
    EXPECT_EQ(catalog["series"][0]["points"], 121);
    EXPECT_EQ(catalog["series"][1]["items"], json::array({"0"}));

    const auto answer = historyAnswer(get({{"series", "cpu.busy_percent,cpu.cores.busy_percent"},
                                           {"after", "-60"},
                                           {"points", "6"}}),
                                      &history, now, demand);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const json body = json::parse(answer.body);
    EXPECT_EQ(body["after"], 1540);
    EXPECT_EQ(body["before"], 1600);
    ASSERT_EQ(body["series"].size(), 2u);
    EXPECT_EQ(body["series"][0]["unit"], "percent");
    EXPECT_FALSE(body["series"][0].contains("item"));
    const json& points = body["series"][0]["points"];
    ASSERT_EQ(points.size(), 6u);  // 13 points in the minute, averaged into 6 slices
    EXPECT_EQ(points.back()[0], 1600);
    for (const auto& point : points) {
        EXPECT_GE(point[1].get<double>(), 10);
        EXPECT_LE(point[1].get<double>(), 20);
    }
    EXPECT_EQ(body["series"][1]["item"], "0");

    const auto absolute =
        historyAnswer(get({{"series", "cpu.busy_percent"}, {"after", "1100"}, {"before", "1110"}}),
                      &history, now, demand);
    EXPECT_EQ(json::parse(absolute.body)["series"][0]["points"].size(), 3u);
}

TEST(HistoryRoute, RefusesWhatItCannotAnswerNamingTheProblem) {
    History history;
    ReadDemand demand;
    auto refused = [&](std::multimap<std::string, std::string> params, const std::string& says) {
        const auto answer = historyAnswer(get(std::move(params)), &history, 1000, demand);
        EXPECT_EQ(answer.status, 400) << answer.body;
        EXPECT_NE(answer.body.find(says), std::string::npos) << answer.body;
    };
    refused({{"series", "cpu.nope"}}, "unknown series 'cpu.nope'");
    refused({{"series", ""}}, "unknown series ''");
    refused({{"series", "cpu.busy_percent"}, {"points", "-1"}}, "'points'");
    refused({{"series", "cpu.busy_percent"}, {"points", "10001"}}, "'points'");
    refused({{"series", "cpu.busy_percent"}, {"after", "nan"}}, "'after'");
    refused({{"series", "cpu.busy_percent"}, {"after", "soon"}}, "'after'");
    refused({{"series", "cpu.busy_percent"}, {"after", "-10"}, {"before", "-20"}}, "later");
    refused({{"series", "cpu.busy_percent"}, {"after", "-10"}, {"after", "-20"}}, "more than once");
    refused({{"series", "cpu.busy_percent"}, {"limit", "3"}}, "unknown parameter 'limit'");
    refused({{"after", "-10"}}, "need 'series'");
    EXPECT_EQ(historyAnswer(get({}), nullptr, 1000, demand).status, 404);
    EXPECT_FALSE(demand.lastRead("cpu")) << "a refused query read nothing";
}

TEST(HistoryRoute, AReadOfSeriesIsAStreamReadOfTheCollectorsFeedingThem) {
    History history;
    ReadDemand demand;
    historyAnswer(get({}), &history, 1000, demand);
    EXPECT_FALSE(demand.lastRead("cpu")) << "the list of series reads no collector";
    historyAnswer(get({{"series", "cpu.busy_percent,memory.used_percent"}}), &history, 1000,
                  demand);
    EXPECT_TRUE(demand.lastRead("cpu"));
    EXPECT_TRUE(demand.lastRead("memory"));
    EXPECT_FALSE(demand.lastRead("network"));
}

}  // namespace
}  // namespace sysmetrics
