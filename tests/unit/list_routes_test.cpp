// The vocabulary every REST list shares (docs/rest-api.md "Lists"): sort keys and filters are
// field names, multi-value filters are checked against their known values, and offset, limit and
// fields work on every list.
#include "http/router.h"
#include "service/collector_catalog.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collectors/battery.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/network.h"
#include "collectors/pagefile.h"
#include "collectors/process.h"
#include "collectors/service.h"
#include "collectors/thermalzone.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

struct ListRoutes : ::testing::Test {
    std::shared_ptr<SnapshotStore> store = std::make_shared<SnapshotStore>();
    Router router{store, MetricNaming::windows, RuntimeInfo{"1.0", "linux", 1, "enabled", "", ""},
                  catalogHttp()};

    template <typename SectionType>
    void publish(std::shared_ptr<SectionType> section) {
        section->collected_at = 1234;
        CollectorStatus status;
        status.name = SectionType::kName;
        status.state = CollectorState::ok;
        store->publish(status, section);
    }

    void SetUp() override {
        auto processes = std::make_shared<ProcessSection>();
        for (std::uint32_t pid : {1u, 2u, 3u, 4u}) {
            ProcessInfo p;
            p.pid = pid;
            p.name = "p" + std::to_string(pid);
            p.cpu_percent = pid == 3 ? std::nullopt : std::optional<double>(pid * 1.5);
            p.working_set_bytes = 1000 - pid;
            p.user_seconds = pid;
            processes->processes.push_back(p);
        }
        publish(processes);

        auto connections = std::make_shared<ConnectionSection>();
        for (const char* state : {"LISTEN", "ESTABLISHED", "TIME_WAIT", "LISTEN"}) {
            Connection c;
            c.proto = "tcp";
            c.local_address = "127.0.0.1";
            c.local_port = static_cast<std::uint16_t>(100 + connections->connections.size());
            c.state = state;
            connections->connections.push_back(c);
        }
        publish(connections);

        auto services = std::make_shared<ServiceSection>();
        const auto service = [&](const char* name, const char* state, const char* start) {
            ServiceInfo s;
            s.name = name;
            s.state = state;
            s.start_type = start;
            services->services.push_back(s);
        };
        service("a", "running", "auto");
        service("b", "stopped", "manual");
        service("c", "paused", "disabled");
        publish(services);

        auto disks = std::make_shared<DiskSection>();
        for (const char* volume : {"/", "/home"}) {
            DiskInfo d;
            d.volume = volume;
            d.size_bytes = 1000;
            d.free_bytes = 200;
            d.available_bytes = 150;
            disks->disks.push_back(d);
        }
        publish(disks);

        auto network = std::make_shared<NetworkSection>();
        for (const char* type : {"loopback", "ethernet", "wireless"}) {
            InterfaceInfo nic;
            nic.name = type;
            nic.type = type;
            network->interfaces.push_back(nic);
        }
        publish(network);
    }

    json get(const std::string& path, std::multimap<std::string, std::string> params, int expect) {
        HttpRequest request;
        request.path = path;
        request.params = std::move(params);
        const HttpResponse response = router.handle(request);
        EXPECT_EQ(response.status, expect) << path << " " << response.body;
        return json::parse(response.body);
    }

    std::string message(const std::string& path, std::multimap<std::string, std::string> params) {
        return get(path, std::move(params), 400)["message"].get<std::string>();
    }
};

std::vector<json> column(const json& rows, const std::string& field) {
    std::vector<json> out;
    for (const auto& row : rows) {
        out.push_back(row[field]);
    }
    return out;
}

bool says(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_F(ListRoutes, ProcessesSortByFieldNamesWithNullsLast) {
    const json body = get("/api/v1/processes", {{"sort", "cpu_percent"}}, 200);
    EXPECT_EQ(column(body["processes"], "pid"), (std::vector<json>{4, 2, 1, 3}));
    const json up = get("/api/v1/processes", {{"sort", "cpu_percent"}, {"order", "asc"}}, 200);
    EXPECT_EQ(column(up["processes"], "pid"), (std::vector<json>{1, 2, 4, 3}));
    const json cpu = get("/api/v1/processes", {{"sort", "cpu_seconds"}, {"limit", "1"}}, 200);
    EXPECT_EQ(cpu["processes"][0]["pid"], 4);
    const std::string old = message("/api/v1/processes", {{"sort", "cpu"}});
    EXPECT_TRUE(says(old, "'cpu'") && says(old, "cpu_percent")) << old;
    EXPECT_TRUE(says(message("/api/v1/processes", {{"user", "root"}}), "'user'"));
}

TEST_F(ListRoutes, ProcessFiltersTakeSeveralValues) {
    const json body = get("/api/v1/processes", {{"pid", "1,3"}, {"pid", "4"}}, 200);
    EXPECT_EQ(column(body["processes"], "pid"), (std::vector<json>{1, 3, 4}));
    EXPECT_TRUE(says(message("/api/v1/processes", {{"pid", "1,,2"}}), "empty value"));
    EXPECT_TRUE(says(message("/api/v1/processes", {{"pid", "1,x"}}), "'x'"));
}

TEST_F(ListRoutes, OffsetPagesAndCountIsEveryMatch) {
    const json page = get("/api/v1/processes", {{"offset", "1"}, {"limit", "2"}}, 200);
    EXPECT_EQ(page["count"], 4);
    EXPECT_EQ(column(page["processes"], "pid"), (std::vector<json>{2, 3}));
    EXPECT_TRUE(get("/api/v1/processes", {{"offset", "9"}}, 200)["processes"].empty());
    EXPECT_TRUE(says(message("/api/v1/processes", {{"offset", "-1"}}), "'offset'"));
    for (const char* path : {"/api/v1/connections", "/api/v1/services", "/api/v1/disks",
                             "/api/v1/network/interfaces", "/api/v1/processes/1/children"}) {
        const json body = get(path, {{"offset", "1"}, {"limit", "1"}}, 200);
        EXPECT_TRUE(body.contains("count")) << path;
        for (const auto& [key, value] : body.items()) {
            if (value.is_array()) {
                EXPECT_LE(value.size(), 1u) << path;
            }
        }
    }
}

TEST_F(ListRoutes, FieldsProjectEveryList) {
    const json services = get("/api/v1/services", {{"fields", "name,state"}}, 200);
    EXPECT_EQ(services["services"][0], (json{{"name", "a"}, {"state", "running"}}));
    const json disks = get("/api/v1/disks", {{"fields", "volume,used_percent"}}, 200);
    EXPECT_EQ(disks["disks"][0].size(), 2u);
    const json nics = get("/api/v1/network/interfaces", {{"fields", "name"}}, 200);
    EXPECT_EQ(nics["interfaces"][1], (json{{"name", "ethernet"}}));
    const json conns = get("/api/v1/connections", {{"fields", "local_port"}}, 200);
    EXPECT_EQ(conns["connections"][0], (json{{"local_port", 100}}));
    EXPECT_TRUE(says(message("/api/v1/disks", {{"fields", "used_ratio"}}), "'used_ratio'"));
}

TEST_F(ListRoutes, ConnectionStatesAreSeveralAndChecked) {
    EXPECT_EQ(get("/api/v1/connections", {{"state", "ESTABLISHED,LISTEN"}}, 200)["count"], 3);
    EXPECT_EQ(
        get("/api/v1/connections", {{"state", "time_wait"}, {"state", "listen"}}, 200)["count"], 3);
    const std::string bad = message("/api/v1/connections", {{"state", "LISTEN,OPEN"}});
    EXPECT_TRUE(says(bad, "'OPEN'") && says(bad, "ESTABLISHED")) << bad;
    const json sorted =
        get("/api/v1/connections", {{"sort", "local_port"}, {"order", "desc"}}, 200);
    EXPECT_EQ(sorted["connections"][0]["local_port"], 103);
}

TEST_F(ListRoutes, ServiceFiltersAreSeveralAndChecked) {
    EXPECT_EQ(get("/api/v1/services", {{"state", "running,paused"}}, 200)["count"], 2);
    EXPECT_EQ(get("/api/v1/services", {{"start_type", "manual,disabled"}}, 200)["count"], 2);
    const std::string bad = message("/api/v1/services", {{"state", "up"}});
    EXPECT_TRUE(says(bad, "'up'") && says(bad, "running")) << bad;
    EXPECT_TRUE(says(message("/api/v1/services", {{"start_type", "sometimes"}}), "'sometimes'"));
}

TEST_F(ListRoutes, DisksAndInterfacesRefuseUnknownParameters) {
    const std::string disks = message("/api/v1/disks", {{"volume", "/"}});
    EXPECT_TRUE(says(disks, "'volume'") && says(disks, "offset")) << disks;
    const std::string nics = message("/api/v1/network/interfaces", {{"kind", "x"}});
    EXPECT_TRUE(says(nics, "'kind'") && says(nics, "type")) << nics;
    EXPECT_EQ(get("/api/v1/network/interfaces", {{"type", "ethernet,wireless"}}, 200)["count"], 2);
    EXPECT_TRUE(says(message("/api/v1/network/interfaces", {{"type", "772"}}), "'772'"));
}

TEST_F(ListRoutes, DiskUsedPercentIsDfs) {
    // used = 1000 - 200 = 800 of 800 + 150 available: the 50 reserved count as neither.
    const json body = get("/api/v1/disks", {{"limit", "1"}}, 200);
    EXPECT_NEAR(body["disks"][0]["used_percent"].get<double>(), 84.21, 0.01);
}

// Every percent is a float from 0 to 100 named _percent (docs/rest-api.md "Conventions").
TEST_F(ListRoutes, PercentsAreFloatsFrom0To100) {
    auto battery = std::make_shared<BatterySection>();
    battery->present = true;
    battery->charge_ratio = 0.815;
    publish(battery);
    const json b = get("/api/v1/battery", {}, 200);
    EXPECT_DOUBLE_EQ(b["charge_percent"].get<double>(), 81.5);
    EXPECT_FALSE(b.contains("charge_ratio"));
    auto memory = std::make_shared<MemorySection>();
    memory->physical_total_bytes = 3000;
    memory->physical_available_bytes = 1000;
    memory->load_percent = 66;
    publish(memory);
    const json m = get("/api/v1/memory", {}, 200);
    EXPECT_TRUE(m["load_percent"].is_number_float());
    EXPECT_NEAR(m["load_percent"].get<double>(), 66.67, 0.01);
}

}  // namespace sysmetrics

#include "http/server/json_rounding.h"

namespace sysmetrics {

TEST(JsonRounding, ByFieldName) {
    nlohmann::json body = {
        {"collected_at", 1795702622.123456},
        {"cpu_percent", 33.333333333333336},
        {"percent", {{"user", 12.3456}}},
        {"counters_per_second", {{"interrupts", 1000.12345}}},
        {"rows", {{{"read_bytes_per_second", 2.00049}, {"read_latency_seconds", 0.0012345678}}}},
        {"frequency_adjustment_ratio", 1.000012345},
        {"count", 3},
        {"used_percent", nullptr}};
    roundFloats(body);
    EXPECT_DOUBLE_EQ(body["collected_at"].get<double>(), 1795702622.123);
    EXPECT_DOUBLE_EQ(body["cpu_percent"].get<double>(), 33.33);
    EXPECT_DOUBLE_EQ(body["percent"]["user"].get<double>(), 12.35);
    EXPECT_DOUBLE_EQ(body["counters_per_second"]["interrupts"].get<double>(), 1000.123);
    EXPECT_DOUBLE_EQ(body["rows"][0]["read_bytes_per_second"].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(body["rows"][0]["read_latency_seconds"].get<double>(), 0.001235);
    EXPECT_DOUBLE_EQ(body["frequency_adjustment_ratio"].get<double>(), 1.000012345);
    EXPECT_TRUE(body["count"].is_number_integer());
    EXPECT_EQ(body.dump().find("33.333"), std::string::npos);
    EXPECT_DOUBLE_EQ(roundedTo(1e300, 6), 1e300);  // too large to scale: kept
}

// The sections that answer one list take the list parameters too, and nothing else.
TEST_F(ListRoutes, SectionListsPageAndPick) {
    auto pagefile = std::make_shared<PagefileSection>();
    for (const char* file : {"C:\\pagefile.sys", "D:\\pagefile.sys", "E:\\pagefile.sys"}) {
        PagefileInfo f;
        f.file = file;
        pagefile->files.push_back(f);
    }
    publish(pagefile);
    const json page = get("/api/v1/pagefile", {{"offset", "1"}, {"fields", "file"}}, 200);
    EXPECT_EQ(page["count"], 3);
    ASSERT_EQ(page["files"].size(), 2u);
    EXPECT_EQ(page["files"][0], (json{{"file", "D:\\pagefile.sys"}}));
    const std::string bad = message("/api/v1/pagefile", {{"fields", "size"}});
    EXPECT_TRUE(says(bad, "'size'") && says(bad, "used_bytes")) << bad;
    publish(std::make_shared<ThermalZoneSection>());
    EXPECT_TRUE(says(message("/api/v1/thermalzone", {{"zone", "1"}}), "'zone'"));
    EXPECT_EQ(get("/api/v1/thermalzone", {{"sort", "temperature_celsius"}}, 200)["count"], 0);
}

}  // namespace sysmetrics
