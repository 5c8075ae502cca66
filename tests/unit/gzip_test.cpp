#include "http/server/gzip.h"
#include "service/collector_catalog.h"

#include <gtest/gtest.h>

#include "http/prometheus/metrics_endpoint.h"
#include "tests/common/gunzip.h"

namespace sysmetrics {

namespace {

using test::gunzip;

std::string sampleText(int lines) {
    std::string text;
    for (int i = 0; i < lines; i++) {
        text += "windows_process_cpu_time_total{process=\"svchost\",process_id=\"" +
                std::to_string(i) + "\",mode=\"user\"} " + std::to_string(i * 0.37) + "\n";
    }
    return text;
}

}  // namespace

TEST(Gzip, ACachedHeadAndAFreshTailMakeOneValidMember) {
    for (const auto& [head, tail] : std::vector<std::pair<std::string, std::string>>{
             {sampleText(5000), "sysmetrics_collector_age_seconds 1.5\n"},
             {sampleText(3), ""},
             {"", "only a tail\n"},
             {"", ""},
             {std::string(100000, 'x'), std::string(70000, 'y')}}) {
        const auto part = deflatePart(head);
        ASSERT_TRUE(part);
        const auto joined = gzipJoin(*part, tail);
        ASSERT_TRUE(joined);
        const auto plain = gunzip(*joined);
        ASSERT_TRUE(plain) << "zlib rejected the member";
        EXPECT_EQ(*plain, head + tail);
        // The same head serves any number of tails.
        EXPECT_EQ(gunzip(*gzipJoin(*part, "other\n")).value_or(""), head + "other\n");
    }
    const auto big = deflatePart(sampleText(5000));
    EXPECT_LT(big->raw.size() * 5, sampleText(5000).size());  // it does compress
}

TEST(Gzip, AcceptEncodingFollowsQValues) {
    EXPECT_TRUE(acceptsGzip("gzip"));
    EXPECT_TRUE(acceptsGzip("deflate, GZIP;q=0.5"));
    EXPECT_TRUE(acceptsGzip("*"));
    EXPECT_TRUE(acceptsGzip("*;q=0, gzip"));
    EXPECT_FALSE(acceptsGzip(""));
    EXPECT_FALSE(acceptsGzip("identity"));
    EXPECT_FALSE(acceptsGzip("gzip;q=0"));
    EXPECT_FALSE(acceptsGzip("gzip;q=0, *"));
    EXPECT_FALSE(acceptsGzip("x-gzip-not"));
    // A parameter's name is case-insensitive (RFC 9110 5.6.6).
    EXPECT_FALSE(acceptsGzip("gzip;Q=0"));
    EXPECT_FALSE(acceptsGzip("GZIP ; Q=0.000, identity"));
    EXPECT_FALSE(acceptsGzip("*;Q=0"));
    EXPECT_TRUE(acceptsGzip("gzip;Q=0.5"));
}

TEST(Gzip, MetricsEndpointServesTheSameTextCompressed) {
    MetricsEndpoint endpoint(RenderContext(MetricNaming::linux),
                             RuntimeInfo{"1", "linux", 1, "", "", ""}, catalogExpositions());
    Snapshot snapshot;
    snapshot.version = 3;
    CollectorStatus status;
    status.name = "memory";
    status.state = CollectorState::ok;
    status.last_success = 990;
    status.last_success_steady = 990;
    snapshot.status["memory"] = status;
    const HttpResponse plain = endpoint.serve(snapshot, {}, 1000, false);
    for (int i = 0; i < 2; i++) {  // the second one reuses the cached deflate
        const HttpResponse packed = endpoint.serve(snapshot, {}, 1000, true);
        bool encoded = false;
        for (const auto& [name, value] : packed.headers) {
            encoded = encoded || (name == "Content-Encoding" && value == "gzip");
        }
        EXPECT_TRUE(encoded);
        EXPECT_EQ(gunzip(packed.body).value_or("(invalid gzip)"), plain.body);
    }
    const HttpResponse filtered = endpoint.serve(snapshot, {"memory"}, 1000, true);
    EXPECT_EQ(gunzip(filtered.body).value_or("(invalid gzip)"),
              endpoint.serve(snapshot, {"memory"}, 1000, false).body);
}

}  // namespace sysmetrics
