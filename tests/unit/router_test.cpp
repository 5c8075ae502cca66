#include "http/router.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collectors/clock.h"
#include "collectors/memory.h"

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
    Router router{store, MetricNaming::windows,
                  RuntimeInfo{"1.0", "windows", 1, "enabled", "", ""}};

    void publishMemory() {
        auto memory = std::make_shared<MemorySection>();
        memory->physical_total_bytes = 100;
        memory->physical_available_bytes = 40;
        memory->collected_at = wallSeconds();
        CollectorStatus status;
        status.name = "memory";
        status.state = CollectorState::ok;
        status.interval_seconds = 5;
        status.last_success = memory->collected_at;
        store->publish(status, memory);
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
}

TEST_F(RouterFixture, WrongMethodIsA405WithAllow) {
    HttpRequest request = get("/metrics");
    request.method = "DELETE";
    const HttpResponse response = router.handle(request);
    EXPECT_EQ(response.status, 405);
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].first, "Allow");
    EXPECT_EQ(json::parse(response.body)["error"], "method_not_allowed");
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
