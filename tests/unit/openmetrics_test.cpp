#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>

#include "collectors/memory.h"
#include "collectors/system.h"
#include "collectors/textfile.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/exposition_format.h"
#include "http/prometheus/family_list.h"
#include "http/prometheus/metrics_endpoint.h"
#include "prometheus_accept.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string number(double value) {
    std::string out;
    appendOpenMetricsNumber(out, value);
    return out;
}

using test::kOlderPrometheus;
using test::kPrometheus242;
using test::kRecentPrometheus;

}  // namespace

TEST(OpenMetricsNegotiation, PrometheusHeadersSelectOpenMetrics) {
    for (const char* accept : {kRecentPrometheus, kPrometheus242}) {
        const NegotiatedFormat format = negotiateExposition(accept);
        EXPECT_EQ(format.format, ExpositionFormat::openmetrics) << accept;
        EXPECT_STREQ(format.content_type,
                     "application/openmetrics-text; version=1.0.0; charset=utf-8");
    }
    // The pre-1.0 Prometheus asks for the 0.0.1 draft first: the same body under its own type,
    // as client_golang answers it.
    const NegotiatedFormat older = negotiateExposition(kOlderPrometheus);
    EXPECT_EQ(older.format, ExpositionFormat::openmetrics);
    EXPECT_STREQ(older.content_type, "application/openmetrics-text; version=0.0.1; charset=utf-8");
    EXPECT_EQ(negotiateExposition("application/openmetrics-text").format,
              ExpositionFormat::openmetrics);
    EXPECT_EQ(negotiateExposition("Application/OpenMetrics-Text; Version=\"1.0.0\"").format,
              ExpositionFormat::openmetrics);
}

TEST(OpenMetricsNegotiation, TextStaysTheDefault) {
    for (const char* accept :
         {"", "*/*", "text/plain", "text/plain;version=0.0.4", "text/html,*/*;q=0.8",
          "application/json",
          "application/vnd.google.protobuf;proto=io.prometheus.client."
          "MetricFamily;encoding=delimited",
          // Prometheus' own fallback list when it wants text first.
          "text/plain;version=0.0.4;q=0.5,application/openmetrics-text;version=1.0.0;q=0.4",
          // OpenMetrics versions we do not speak are skipped, not guessed.
          "application/openmetrics-text;version=2.0.0", "text/plain;version=9,*/*"}) {
        const NegotiatedFormat format = negotiateExposition(accept);
        EXPECT_EQ(format.format, ExpositionFormat::text) << accept;
        EXPECT_STREQ(format.content_type, "text/plain; version=0.0.4; charset=utf-8") << accept;
    }
}

TEST(OpenMetricsNegotiation, QualityValuesOrderTheChoice) {
    EXPECT_EQ(negotiateExposition("text/plain;q=0.3,application/openmetrics-text;q=0.9").format,
              ExpositionFormat::openmetrics);
    EXPECT_EQ(negotiateExposition("application/openmetrics-text;q=0.3,text/plain;q=0.9").format,
              ExpositionFormat::text);
    // Equal q: the header's order decides.
    EXPECT_EQ(negotiateExposition("application/openmetrics-text;q=0.5,text/plain;q=0.5").format,
              ExpositionFormat::openmetrics);
    // q=0 refuses a type: it never selects it.
    EXPECT_EQ(negotiateExposition("text/plain;q=0,application/openmetrics-text;q=0.1").format,
              ExpositionFormat::openmetrics);
    EXPECT_EQ(negotiateExposition("application/openmetrics-text;q=0").format,
              ExpositionFormat::text);
    EXPECT_EQ(negotiateExposition("application/openmetrics-text;q=0.000,*/*").format,
              ExpositionFormat::text);
}

TEST(OpenMetricsNegotiation, JunkHeadersFallBackToText) {
    for (const char* accept :
         {",,,", ";;;", "/", "application/openmetrics-text;q=abc",
          "application/openmetrics-text;q=2", "application/openmetrics-text;q=-1",
          "application/openmetrics-text;q=0.5.5", "application/openmetrics-text;q=", "openmetrics",
          "\x01\xff\"", "application/openmetrics-text;version=1.0.0;q=1.0001"}) {
        const NegotiatedFormat format = negotiateExposition(accept);
        EXPECT_EQ(format.format, ExpositionFormat::text) << accept;
    }
    // A parameter without a value is skipped, as expfmt skips it: the range stays unversioned.
    EXPECT_EQ(negotiateExposition("application/openmetrics-text;version").format,
              ExpositionFormat::openmetrics);
    // A malformed range does not spoil the good ones beside it.
    EXPECT_EQ(negotiateExposition("garbage;q=x, application/openmetrics-text").format,
              ExpositionFormat::openmetrics);
    EXPECT_EQ(negotiateExposition(std::string(100000, ',') + "application/openmetrics-text").format,
              ExpositionFormat::openmetrics);
}

TEST(OpenMetricsWriter, NumbersAreCanonicalAsGoWritesThem) {
    // The spec's list for le/quantile plus the edges of Go's %g switch to exponents.
    EXPECT_EQ(number(0), "0.0");
    EXPECT_EQ(number(-0.0), "0.0");
    EXPECT_EQ(number(1), "1.0");
    EXPECT_EQ(number(-1), "-1.0");
    EXPECT_EQ(number(0.5), "0.5");
    EXPECT_EQ(number(0.95), "0.95");
    EXPECT_EQ(number(0.999), "0.999");
    EXPECT_EQ(number(0.001), "0.001");
    EXPECT_EQ(number(0.0001), "0.0001");
    EXPECT_EQ(number(0.00001), "1e-05");
    EXPECT_EQ(number(0.1), "0.1");
    EXPECT_EQ(number(2.5), "2.5");
    EXPECT_EQ(number(10), "10.0");
    EXPECT_EQ(number(100000), "100000.0");
    EXPECT_EQ(number(123456.5), "123456.5");
    EXPECT_EQ(number(1e6), "1e+06");
    EXPECT_EQ(number(1234567), "1.234567e+06");
    EXPECT_EQ(number(1e21), "1e+21");
    EXPECT_EQ(number(1.5e-7), "1.5e-07");
    EXPECT_EQ(number(1e100), "1e+100");
    EXPECT_EQ(number(1.0 / 3), "0.3333333333333333");
    EXPECT_EQ(number(std::nan("")), "NaN");
    EXPECT_EQ(number(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(number(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(OpenMetricsWriter, CountersAreNamedWithoutTotalAndSampledWithIt) {
    FamilyList list(ExpositionFormat::openmetrics);
    list.counter("rows_total", "Rows \"read\" from C:\\data\nnow.", 5, {{"k", "a\"b\\c\nd"}});
    list.counter("jobs", "Jobs without the suffix.", 2);
    list.gauge("temperature_celsius", "", 21.5);
    list.info("thing_info", "Build.", {{"version", "1"}});
    EXPECT_EQ(list.text(),
              "# HELP rows Rows \\\"read\\\" from C:\\\\data\\nnow.\n"
              "# TYPE rows counter\n"
              "rows_total{k=\"a\\\"b\\\\c\\nd\"} 5\n"
              "# HELP jobs Jobs without the suffix.\n"
              "# TYPE jobs counter\n"
              "jobs_total 2\n"
              "# TYPE temperature_celsius gauge\n"
              "temperature_celsius 21.5\n"
              "# HELP thing_info Build.\n"
              "# TYPE thing_info gauge\n"
              "thing_info{version=\"1\"} 1\n");
}

TEST(OpenMetricsWriter, AFamilyWhoseNamesClashIsLeftOut) {
    FamilyList list(ExpositionFormat::openmetrics);
    list.counter("a_total", "", 1);
    list.gauge("a", "", 2);          // the counter's family name
    list.gauge("a_created", "", 3);  // a name the counter reserves
    list.gauge("b", "", 4);
    EXPECT_EQ(list.text(), "# TYPE a counter\na_total 1\n# TYPE b gauge\nb 4\n");
    // The counter keeps its name even when the gauge came first (as sysmetrics'
    // process_details_opened gauge and _total counter do).
    FamilyList gauge_first(ExpositionFormat::openmetrics);
    gauge_first.gauge("opened", "", 1);
    gauge_first.counter("opened_total", "", 9);
    EXPECT_EQ(gauge_first.text(), "# TYPE opened counter\nopened_total 9\n");
    // The text format has no such clash: all four stay.
    FamilyList text;
    text.counter("a_total", "", 1);
    text.gauge("a", "", 2);
    EXPECT_TRUE(contains(text.text(), "# TYPE a gauge\na 2\n"));
}

TEST(OpenMetricsTextfile, FamiliesFollowTheSpec) {
    RawTextfile file;
    file.path = "a.prom";
    file.content =
        "# HELP jobs Jobs \"done\".\n# TYPE jobs counter\njobs{k=\"1\"} 3\n"
        "# TYPE rows_total counter\nrows_total 1e3\n"
        "# TYPE lat histogram\n"
        "lat_bucket{p=\"a\",le=\"+Inf\"} 4\nlat_bucket{p=\"a\",le=\"1\"} 1\n"
        "lat_bucket{p=\"b\",le=\"0.5\"} 0\nlat_bucket{p=\"b\",le=\"+Inf\"} 2\n"
        "lat_sum{p=\"a\"} 3.5\nlat_sum{p=\"b\"} 1\nlat_count{p=\"a\"} 4\nlat_count{p=\"b\"} 2\n"
        "# TYPE q summary\nq{quantile=\".5\"} 1\nq_sum 2\nq_count 3\n"
        "free 7\n";
    const TextfileSection section = mergeTextfiles({file}, TextfileOptions{});
    ASSERT_EQ(section.files.at(0).error, "");
    FamilyList list(ExpositionFormat::openmetrics);
    appendTextfileMetrics(section, RenderContext(MetricNaming::linux), list);
    const std::string text = list.text();
    EXPECT_TRUE(contains(text,
                         "# HELP jobs Jobs \\\"done\\\".\n# TYPE jobs counter\n"
                         "jobs_total{k=\"1\"} 3.0\n"))
        << text;
    EXPECT_TRUE(contains(text, "# TYPE rows counter\nrows_total 1000.0\n")) << text;
    // Each series' lines together, buckets by rising le, canonical bounds.
    EXPECT_TRUE(contains(text,
                         "# TYPE lat histogram\n"
                         "lat_bucket{p=\"a\",le=\"1.0\"} 1.0\nlat_bucket{p=\"a\",le=\"+Inf\"} 4.0\n"
                         "lat_count{p=\"a\"} 4.0\nlat_sum{p=\"a\"} 3.5\n"
                         "lat_bucket{p=\"b\",le=\"0.5\"} 0.0\nlat_bucket{p=\"b\",le=\"+Inf\"} 2.0\n"
                         "lat_count{p=\"b\"} 2.0\nlat_sum{p=\"b\"} 1.0\n"))
        << text;
    EXPECT_TRUE(contains(text,
                         "# TYPE q summary\nq{quantile=\"0.5\"} 1.0\nq_sum 2.0\n"
                         "q_count 3.0\n"))
        << text;
    EXPECT_TRUE(contains(text, "# TYPE free unknown\nfree 7.0\n")) << text;
    EXPECT_FALSE(contains(text, "untyped"));
}

TEST(OpenMetricsTextfile, WhatOpenMetricsForbidsLosesItsTypeNotItsSamples) {
    RawTextfile file;
    file.path = "b.prom";
    file.content =
        "# TYPE no_inf histogram\nno_inf_bucket{le=\"1\"} 1\nno_inf_sum 1\nno_inf_count 1\n"
        "# TYPE falling_total counter\nfalling_total -1\n"
        "# TYPE nan_sum summary\nnan_sum_sum NaN\nnan_sum_count 0\n"
        "# TYPE big_quantile summary\nbig_quantile{quantile=\"2\"} 1\n";
    const TextfileSection section = mergeTextfiles({file}, TextfileOptions{});
    ASSERT_EQ(section.files.at(0).error, "");
    FamilyList list(ExpositionFormat::openmetrics);
    appendTextfileMetrics(section, RenderContext(MetricNaming::linux), list);
    const std::string text = list.text();
    EXPECT_TRUE(contains(text, "# TYPE no_inf_bucket unknown\nno_inf_bucket{le=\"1.0\"} 1.0\n"))
        << text;
    EXPECT_TRUE(contains(text, "# TYPE no_inf_sum unknown\nno_inf_sum 1.0\n")) << text;
    EXPECT_TRUE(contains(text, "# TYPE falling_total unknown\nfalling_total -1.0\n")) << text;
    EXPECT_TRUE(contains(text, "# TYPE nan_sum_sum unknown\nnan_sum_sum NaN\n")) << text;
    EXPECT_TRUE(contains(text, "# TYPE big_quantile unknown\nbig_quantile{quantile=\"2.0\"} 1.0\n"))
        << text;
    EXPECT_FALSE(contains(text, " histogram\n"));
    EXPECT_FALSE(contains(text, " summary\n"));
}

}  // namespace sysmetrics
