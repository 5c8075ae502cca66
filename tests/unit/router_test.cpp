#include "http/router.h"
#include "service/collector_catalog.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "base/clock.h"
#include "collectors/memory.h"
#include "collectors/process.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

HttpRequest get(const std::string& path) {
    HttpRequest request;
    request.path = path;
    return request;
}

struct RouterFixture : ::testing::Test {
    std::shared_ptr<SnapshotStore> store = std::make_shared<SnapshotStore>();
    Router router{store, MetricNaming::windows, RuntimeInfo{"1.0", "windows", 1, "enabled", "", ""},
                  catalogHttp()};

    // `section`, collected now by a collector that runs every `interval` seconds.
    void publishFresh(const std::string& name, std::shared_ptr<Section> section, double interval) {
        section->collected_at = wallSeconds();
        CollectorStatus status;
        status.name = name;
        status.state = CollectorState::ok;
        status.interval_seconds = interval;
        status.last_success = section->collected_at;
        status.last_success_steady = steadySeconds();
        store->publish(status, std::move(section));
    }

    void publishMemory() {
        auto memory = std::make_shared<MemorySection>();
        memory->physical_total_bytes = 100;
        memory->physical_available_bytes = 40;
        publishFresh("memory", memory, 5);
    }
};

}  // namespace

TEST_F(RouterFixture, SectionEndpointReturnsItsDataWithTimestamp) {
    publishMemory();
    const HttpResponse response = router.handle(get("/api/v1/memory"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
    const json body = json::parse(response.body);
    EXPECT_EQ(body["physical_total_bytes"], 100);
    EXPECT_TRUE(body["collected_at"].is_number());
    EXPECT_TRUE(body["kernel_paged_pool_bytes"].is_null());
}

TEST_F(RouterFixture, TrailingSlashIsTheSameEndpoint) {
    publishMemory();
    EXPECT_EQ(router.handle(get("/api/v1/memory/")).status, 200);
}

TEST_F(RouterFixture, DisabledAndPendingCollectorsAreToldApart) {
    EXPECT_EQ(router.handle(get("/api/v1/memory")).status, 404);
    CollectorStatus pending;
    pending.name = "memory";
    store->publish(pending, nullptr);
    const HttpResponse response = router.handle(get("/api/v1/memory"));
    EXPECT_EQ(response.status, 503);
    EXPECT_EQ(json::parse(response.body)["error"], "not_collected");
}

TEST_F(RouterFixture, UnknownPathIsAJson404) {
    const HttpResponse response = router.handle(get("/api/v2/memory"));
    EXPECT_EQ(response.status, 404);
    const json body = json::parse(response.body);
    EXPECT_EQ(body["status"], 404);
    EXPECT_EQ(body["error"], "not_found");
    std::map<std::string, std::string> headers(response.headers.begin(), response.headers.end());
    EXPECT_EQ(headers["Cache-Control"], "no-store");
    EXPECT_EQ(headers.count("Date"), 1u);
}

TEST_F(RouterFixture, WrongMethodIsA405WithAllow) {
    HttpRequest request = get("/metrics");
    request.method = "DELETE";
    const HttpResponse response = router.handle(request);
    EXPECT_EQ(response.status, 405);
    std::map<std::string, std::string> headers(response.headers.begin(), response.headers.end());
    EXPECT_EQ(headers["Allow"], "GET, HEAD, OPTIONS");
    EXPECT_EQ(headers["Cache-Control"], "no-store");
    const json body = json::parse(response.body);
    EXPECT_EQ(body["error"], "method_not_allowed");
    // The message names the methods Allow names, no fewer.
    EXPECT_EQ(body["message"], "DELETE is not allowed on /metrics; allowed: GET, HEAD, OPTIONS");
}

// With web.api_listen each address answers for its own paths only: the API address's index lists
// no /metrics (404 there), and OPTIONS is the same 404 as GET on a path another address serves.
TEST_F(RouterFixture, EachAddressListsAndAllowsOnlyWhatItServes) {
    const RuntimeInfo runtime{"1.0", "windows", 1, "enabled", "", ""};
    RouterAccess api_access;
    api_access.serve_metrics = false;
    Router api{store, MetricNaming::windows, runtime, catalogHttp(), api_access};
    RouterAccess metrics_access;
    metrics_access.serve_api = false;
    Router metrics{store, MetricNaming::windows, runtime, catalogHttp(), metrics_access};
    const auto endpoints = [](Router& on) {
        const json index = json::parse(on.handle(get("/api/v1")).body);
        return std::set<std::string>(index["endpoints"].begin(), index["endpoints"].end());
    };
    const auto options = [](Router& on, const std::string& path) {
        HttpRequest request = get(path);
        request.method = "OPTIONS";
        return on.handle(request);
    };

    EXPECT_EQ(endpoints(router).count("/metrics"), 1u);  // one address serves both
    const auto listed = endpoints(api);
    EXPECT_EQ(listed.count("/metrics"), 0u);
    EXPECT_EQ(listed.count("/healthz"), 1u);
    EXPECT_EQ(listed.count("/api/v1/memory"), 1u);
    EXPECT_EQ(api.handle(get("/metrics")).status, 404);

    for (auto [on, path] : {std::pair<Router*, std::string>{&metrics, "/api/v1/system"},
                            {&metrics, "/api/v1"},
                            {&api, "/metrics"}}) {
        const HttpResponse refused = options(*on, path);
        EXPECT_EQ(refused.status, 404) << path;
        EXPECT_EQ(refused.body, on->handle(get(path)).body) << path;
        for (const auto& [name, value] : refused.headers) {
            EXPECT_NE(name, "Allow") << path;
        }
    }
    EXPECT_EQ(options(metrics, "/metrics").status, 204);
    EXPECT_EQ(options(api, "/api/v1/system").status, 204);
    EXPECT_EQ(options(api, "/healthz").status, 204);
}

TEST_F(RouterFixture, SectionAnswersSayWhenTheirDataWasCollectedAndWhenItChanges) {
    publishMemory();
    const HttpResponse response = router.handle(get("/api/v1/memory"));
    std::map<std::string, std::string> headers(response.headers.begin(), response.headers.end());
    EXPECT_EQ(headers.count("Date"), 1u);
    EXPECT_EQ(headers.count("Last-Modified"), 1u);
    // Fresh until the next collection, 5 s after this one.
    const std::string cache = headers["Cache-Control"];
    EXPECT_TRUE(cache == "max-age=4" || cache == "max-age=5") << cache;
    HttpRequest again = get("/api/v1/memory");
    again.headers["if-none-match"] = headers["ETag"];
    EXPECT_EQ(router.handle(again).status, 304);
    auto memory = std::make_shared<MemorySection>();
    memory->physical_total_bytes = 200;
    CollectorStatus status;
    status.name = "memory";
    status.state = CollectorState::ok;
    store->publish(status, memory);
    EXPECT_EQ(router.handle(again).status, 200);
}

TEST_F(RouterFixture, AnItemAnswerSaysWhenItsSectionWasCollectedAndWhenItChanges) {
    auto processes = std::make_shared<ProcessSection>();
    ProcessInfo process;
    process.pid = 42;
    process.name = "worker";
    processes->processes.push_back(process);
    publishFresh("processes", processes, 15);
    for (const char* path : {"/api/v1/processes/42", "/api/v1/processes/42/children"}) {
        const HttpResponse response = router.handle(get(path));
        ASSERT_EQ(response.status, 200) << path;
        std::map<std::string, std::string> headers(response.headers.begin(),
                                                   response.headers.end());
        EXPECT_EQ(headers.count("Last-Modified"), 1u) << path;
        const std::string cache = headers["Cache-Control"];
        EXPECT_TRUE(cache == "max-age=14" || cache == "max-age=15") << path << ": " << cache;
    }
}

TEST_F(RouterFixture, AllGathersEverySectionOrTheErrorItsEndpointWouldGive) {
    publishMemory();
    CollectorStatus pending;
    pending.name = "cpu";
    store->publish(pending, nullptr);
    const HttpResponse response = router.handle(get("/api/v1/all"));
    ASSERT_EQ(response.status, 200);
    const json body = json::parse(response.body);
    EXPECT_EQ(body["sections"]["memory"]["physical_total_bytes"], 100);
    EXPECT_EQ(body["sections"]["cpu"]["error"], "not_collected");
    EXPECT_EQ(body["sections"]["disks"]["error"], "collector_disabled");
    EXPECT_TRUE(body["version"].is_number());
    EXPECT_NE(
        json::parse(router.handle(get("/api/v1")).body)["endpoints"].dump().find("/api/v1/all"),
        std::string::npos);
}

TEST_F(RouterFixture, HealthIsDegradedUntilEveryCollectorSucceeded) {
    CollectorStatus pending;
    pending.name = "system";
    store->publish(pending, nullptr);
    publishMemory();
    HttpResponse response = router.handle(get("/healthz"));
    EXPECT_EQ(response.status, 503);
    json body = json::parse(response.body);
    EXPECT_EQ(body["status"], "degraded");
    EXPECT_EQ(body["problems"][0], "system: no collection finished yet");

    store->remove("system");
    response = router.handle(get("/healthz"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(json::parse(response.body)["status"], "ok");
}

TEST_F(RouterFixture, CollectorsListsEachStatus) {
    publishMemory();
    const json body = json::parse(router.handle(get("/api/v1/collectors")).body);
    ASSERT_EQ(body["collectors"].size(), 1u);
    EXPECT_EQ(body["collectors"][0]["name"], "memory");
    EXPECT_EQ(body["collectors"][0]["state"], "ok");
    EXPECT_TRUE(body["collectors"][0]["last_error"].is_null());
}

TEST_F(RouterFixture, MetricsAnswersWithPrometheusTextAndFilters) {
    publishMemory();
    HttpRequest request = get("/metrics");
    request.params.emplace("collect[]", "memory");
    const HttpResponse response = router.handle(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(response.body.find("windows_memory_physical_total_bytes 100"), std::string::npos);
}

}  // namespace sysmetrics

#include "collectors/process.h"

namespace sysmetrics {

namespace {

struct ProcessRoutes : RouterFixture {
    void SetUp() override {
        auto section = std::make_shared<ProcessSection>();
        const auto add = [&](std::uint32_t pid, std::uint32_t ppid, const std::string& name,
                             double cpu, std::uint64_t memory, double created,
                             const std::string& owner) {
            ProcessInfo p;
            p.pid = pid;
            p.ppid = ppid;
            p.name = name;
            p.cpu_percent = cpu;
            p.working_set_bytes = memory;
            p.create_time = created;
            p.thread_count = 1;
            auto details = std::make_shared<ProcessDetails>();
            details->owner = owner;
            p.details = details;
            if (pid == 10) {
                ThreadInfo thread;
                thread.tid = 11;
                thread.state = "running";
                p.threads.push_back(thread);
            }
            section->processes.push_back(p);
        };
        add(1, 0, "init", 0.5, 1000, 100, "root");
        add(10, 1, "sshd", 2.0, 5000, 200, "root");
        add(20, 10, "bash", 1.0, 3000, 300, "CORP\\alice");
        add(30, 10, "bash", 9.0, 4000, 150, "CORP\\bob");  // older than pid 10: not its child
        section->collected_at = 1234;
        CollectorStatus status;
        status.name = "processes";
        status.state = CollectorState::ok;
        store->publish(status, section);
    }
    json get(const std::string& path, std::multimap<std::string, std::string> params, int expect) {
        HttpRequest request;
        request.path = path;
        request.params = std::move(params);
        const HttpResponse response = router.handle(request);
        EXPECT_EQ(response.status, expect) << path << " " << response.body;
        return json::parse(response.body);
    }
};

std::vector<int> pids(const json& body) {
    std::vector<int> out;
    for (const auto& p : body["processes"]) {
        out.push_back(p["pid"]);
    }
    return out;
}

}  // namespace

TEST_F(ProcessRoutes, ListFiltersSortsAndLimits) {
    EXPECT_EQ(pids(get("/api/v1/processes", {}, 200)), (std::vector<int>{1, 10, 20, 30}));
    EXPECT_EQ(pids(get("/api/v1/processes", {{"name", "^ba"}}, 200)), (std::vector<int>{20, 30}));
    EXPECT_EQ(pids(get("/api/v1/processes", {{"ppid", "10"}}, 200)), (std::vector<int>{20, 30}));
    EXPECT_EQ(pids(get("/api/v1/processes", {{"owner", "alice"}}, 200)), (std::vector<int>{20}));
    EXPECT_EQ(pids(get("/api/v1/processes", {{"owner", "CORP\\bob"}}, 200)),
              (std::vector<int>{30}));
    EXPECT_EQ(pids(get("/api/v1/processes", {{"sort", "cpu_percent"}, {"limit", "2"}}, 200)),
              (std::vector<int>{30, 10}));
    EXPECT_EQ(
        pids(get("/api/v1/processes", {{"sort", "working_set_bytes"}, {"order", "asc"}}, 200)),
        (std::vector<int>{1, 20, 30, 10}));
    const json counted = get("/api/v1/processes", {{"limit", "1"}}, 200);
    EXPECT_EQ(counted["count"], 4);  // matches before the limit
    EXPECT_EQ(counted["processes"].size(), 1u);
}

TEST_F(ProcessRoutes, FieldsChooseColumns) {
    const json body = get("/api/v1/processes", {{"fields", "pid,name"}, {"pid", "20"}}, 200);
    ASSERT_EQ(body["processes"].size(), 1u);
    EXPECT_EQ(body["processes"][0].size(), 2u);
    EXPECT_EQ(body["processes"][0]["name"], "bash");
}

TEST_F(ProcessRoutes, BadParametersAreA400NamingThem) {
    EXPECT_NE(get("/api/v1/processes", {{"name", "(("}}, 400)["message"].get<std::string>().find(
                  "parameter 'name'"),
              std::string::npos);
    EXPECT_NE(
        get("/api/v1/processes", {{"sort", "colour"}}, 400)["message"].get<std::string>().find(
            "'sort'"),
        std::string::npos);
    EXPECT_NE(get("/api/v1/processes", {{"limit", "0"}}, 400)["message"].get<std::string>().find(
                  "'limit'"),
              std::string::npos);
    EXPECT_NE(
        get("/api/v1/processes", {{"pid", "x"}}, 400)["message"].get<std::string>().find("'pid'"),
        std::string::npos);
    EXPECT_NE(get("/api/v1/processes", {{"fields", "pid,colour"}}, 400)["message"]
                  .get<std::string>()
                  .find("'colour'"),
              std::string::npos);
    EXPECT_NE(get("/api/v1/processes", {{"bogus", "1"}}, 400)["message"].get<std::string>().find(
                  "'bogus'"),
              std::string::npos);
    // A pathological pattern is answered at once: RE2 has no backtracking.
    const std::string evil = "(a+)+$";
    EXPECT_EQ(get("/api/v1/processes", {{"name", evil}}, 200)["count"], 0);
}

TEST_F(ProcessRoutes, OneProcessItsThreadsAndChildren) {
    const json one = get("/api/v1/processes/10", {}, 200);
    EXPECT_EQ(one["name"], "sshd");
    EXPECT_EQ(one["owner"], "root");
    EXPECT_EQ(one["collected_at"], 1234);
    const json threads = get("/api/v1/processes/10/threads", {}, 200);
    ASSERT_EQ(threads["threads"].size(), 1u);
    EXPECT_EQ(threads["threads"][0]["tid"], 11);
    const json children = get("/api/v1/processes/10/children", {}, 200);
    ASSERT_EQ(children["children"].size(), 1u);  // pid 30 predates pid 10: a reused ppid
    EXPECT_EQ(children["children"][0]["pid"], 20);
    EXPECT_EQ(get("/api/v1/processes/99", {}, 404)["error"], "no_such_process");
    EXPECT_EQ(get("/api/v1/processes/abc", {}, 400)["error"], "bad_request");
    EXPECT_EQ(get("/api/v1/processes/10/parents", {}, 404)["error"], "not_found");
    EXPECT_EQ(get("/api/v1/processes/20/threads", {}, 404)["error"], "threads_not_collected");
}

}  // namespace sysmetrics

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace sysmetrics {

// docs/openapi.json must describe every endpoint the router lists, so the docs stay true.
TEST_F(RouterFixture, OpenApiDescribesEveryEndpoint) {
    std::ifstream file(std::string(SYSMETRICS_SOURCE_DIR) + "/docs/openapi.json");
    ASSERT_TRUE(file) << "docs/openapi.json not found";
    std::stringstream text;
    text << file.rdbuf();
    const json spec = json::parse(text.str());
    const json index = json::parse(router.handle(get("/api/v1")).body);
    ASSERT_FALSE(index["endpoints"].empty());
    for (const auto& endpoint : index["endpoints"]) {
        EXPECT_TRUE(spec["paths"].contains(endpoint.get<std::string>())) << endpoint;
    }
}

// README's table of endpoints: a row that names query parameters (after its first ';') names
// every one its endpoint takes and no other. The endpoint's 400 for an unknown parameter lists
// the ones it knows.
TEST_F(RouterFixture, ReadmeNamesTheParametersEachEndpointTakes) {
    std::ifstream file(std::string(SYSMETRICS_SOURCE_DIR) + "/README.md");
    ASSERT_TRUE(file) << "README.md not found";
    const std::regex row(R"(^\| `GET (/api/v1/[a-z_/]+)` \| [^;|]*; ([^|]*)\|$)");
    const std::regex name("`([a-z_]+)`");
    int rows = 0;
    std::string line;
    while (std::getline(file, line)) {
        std::smatch match;
        if (!std::regex_match(line, match, row)) {
            continue;
        }
        std::set<std::string> listed;
        const std::string cell = match[2];
        for (auto it = std::sregex_iterator(cell.begin(), cell.end(), name);
             it != std::sregex_iterator(); ++it) {
            listed.insert((*it)[1]);
        }
        if (listed.empty()) {
            continue;
        }
        HttpRequest request = get(match[1].str());
        request.params.emplace("not_a_parameter", "1");
        const HttpResponse answer = router.handle(request);
        ASSERT_EQ(answer.status, 400) << line;
        const std::string message = json::parse(answer.body)["message"];
        const auto start = message.find("(known: ");
        ASSERT_NE(start, std::string::npos) << message;
        std::set<std::string> known;
        std::stringstream names(message.substr(start + 8, message.rfind(')') - start - 8));
        for (std::string known_name; std::getline(names >> std::ws, known_name, ',');) {
            known.insert(known_name);
        }
        EXPECT_EQ(listed, known) << line;
        ++rows;
    }
    EXPECT_GE(rows, 3);  // processes, services, connections
}

}  // namespace sysmetrics

#include "collectors/network.h"

namespace sysmetrics {

TEST_F(ProcessRoutes, ConnectionsAreFilteredAndNamedFromTheProcessTable) {
    auto section = std::make_shared<ConnectionSection>();
    const auto add = [&](const char* proto, int family, std::uint16_t local, std::uint16_t remote,
                         const char* state, std::optional<std::uint32_t> pid) {
        Connection c;
        c.proto = proto;
        c.family = family;
        c.local_address = family == 4 ? "127.0.0.1" : "::1";
        c.local_port = local;
        c.remote_address = remote ? (family == 4 ? "127.0.0.1" : "::1") : "";
        c.remote_port = remote;
        c.state = state;
        c.pid = pid;
        section->connections.push_back(c);
    };
    add("tcp", 4, 22, 0, "LISTEN", 10u);
    add("tcp", 4, 22, 50000, "ESTABLISHED", 10u);
    add("tcp", 6, 8080, 0, "LISTEN", 20u);
    add("udp", 4, 53, 0, "NONE", std::nullopt);
    CollectorStatus status;
    status.name = "connections";
    status.state = CollectorState::ok;
    store->publish(status, section);

    EXPECT_EQ(get("/api/v1/connections", {}, 200)["count"], 4);
    EXPECT_EQ(get("/api/v1/connections", {{"proto", "udp"}}, 200)["count"], 1);
    EXPECT_EQ(get("/api/v1/connections", {{"family", "6"}}, 200)["count"], 1);
    EXPECT_EQ(get("/api/v1/connections", {{"state", "listen"}}, 200)["count"], 2);
    EXPECT_EQ(get("/api/v1/connections", {{"remote_port", "50000"}}, 200)["count"], 1);
    const json sshd = get("/api/v1/connections", {{"process", "^ssh"}}, 200);
    ASSERT_EQ(sshd["count"], 2);
    EXPECT_EQ(sshd["connections"][0]["process"], "sshd");
    EXPECT_TRUE(get("/api/v1/connections", {{"proto", "udp"}}, 200)["connections"][0]["remote_port"]
                    .is_null());
    EXPECT_EQ(get("/api/v1/processes/20/connections", {}, 200)["count"], 1);
    EXPECT_EQ(get("/api/v1/connections", {{"family", "5"}}, 400)["error"], "bad_request");
    EXPECT_EQ(get("/api/v1/connections", {{"local_port", "70000"}}, 400)["error"], "bad_request");
    EXPECT_EQ(get("/api/v1/processes/20/connections", {{"pid", "1"}}, 400)["error"], "bad_request");
}

}  // namespace sysmetrics

namespace sysmetrics {

// remote_port filters what the rows show: a UDP socket without a remote end (remote port 0
// inside, null in the answer) matches no port, a connected one matches its remote's.
TEST_F(ProcessRoutes, RemotePortMatchesOnlyTheRemotePortARowShows) {
    auto section = std::make_shared<ConnectionSection>();
    const auto add = [&](const char* proto, std::uint16_t local, const char* remote_address,
                         std::uint16_t remote_port, const char* state) {
        Connection c;
        c.proto = proto;
        c.local_address = "0.0.0.0";
        c.local_port = local;
        c.remote_address = remote_address;
        c.remote_port = remote_port;
        c.state = state;
        section->connections.push_back(c);
    };
    add("tcp", 22, "0.0.0.0", 0, "LISTEN");
    add("udp", 68, "", 0, "NONE");              // not connected
    add("udp", 40000, "10.0.0.1", 53, "NONE");  // connected to a DNS server
    CollectorStatus status;
    status.name = "connections";
    status.state = CollectorState::ok;
    store->publish(status, section);

    const json zero = get("/api/v1/connections", {{"remote_port", "0"}}, 200);
    ASSERT_EQ(zero["count"], 1);
    EXPECT_EQ(zero["connections"][0]["proto"], "tcp");
    EXPECT_EQ(zero["connections"][0]["remote_port"], 0);
    const json dns = get("/api/v1/connections", {{"remote_port", "53"}}, 200);
    ASSERT_EQ(dns["count"], 1);
    EXPECT_EQ(dns["connections"][0]["remote_address"], "10.0.0.1");
    EXPECT_EQ(dns["connections"][0]["remote_port"], 53);
    const json udp = get("/api/v1/connections",
                         {{"proto", "udp"}, {"sort", "local_port"}, {"order", "asc"}}, 200);
    ASSERT_EQ(udp["count"], 2);
    EXPECT_EQ(udp["connections"][0]["local_port"], 68);
    EXPECT_TRUE(udp["connections"][0]["remote_address"].is_null());
    EXPECT_TRUE(udp["connections"][0]["remote_port"].is_null());
}

}  // namespace sysmetrics
