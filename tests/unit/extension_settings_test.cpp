#include <gtest/gtest.h>

#include "config/config.h"
#include "config/performancecounter_settings.h"
#include "config/textfile_settings.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

std::string applyError(const std::string& json) {
    auto result = applyConfigJson(defaultConfig(), json, "test.json");
    return result.ok() ? "" : result.error().message;
}

}  // namespace

TEST(ExtensionSettings, TextfileKeys) {
    auto ok = applyConfigJson(
        defaultConfig(),
        R"({"collectors": {"textfile": {"directories": ["/a", "/b"], "max_file_bytes": 1000}}})",
        "test.json");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->settings.get<TextfileSettings>().directories,
              (std::vector<std::string>{"/a", "/b"}));
    EXPECT_EQ(ok->settings.get<TextfileSettings>().max_file_bytes, 1000u);
    EXPECT_TRUE(
        defaultConfig().settings.get<TextfileSettings>().directories.empty());  // = the platform
                                                                                // default
    EXPECT_NE(applyError(R"({"collectors": {"textfile": {"directories": "/a"}}})")
                  .find("key 'collectors.textfile.directories' must be an array"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"textfile": {"max_file_bytes": 0}}})")
                  .find("'collectors.textfile.max_file_bytes' must be a whole number from 1"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"textfile": {"dir": []}}})")
                  .find("unknown key 'collectors.textfile.dir' (known: enabled, interval_seconds, "
                        "idle_interval_seconds, pace_to_readers, directories, max_file_bytes)"),
              std::string::npos);
}

TEST(ExtensionSettings, PerformanceCounterObjects) {
    auto ok =
        applyConfigJson(defaultConfig(), R"({"collectors": {"performancecounter": {"objects": [
        {"name": "iis", "object": "Web Service", "instances": ["*"], "labels": {"role": "web"},
         "counters": ["Current Connections", {"name": "Bytes Sent/sec"},
                      {"name": "Total Method Requests/sec", "metric": "iis_requests_total",
                       "type": "counter"}]},
        {"object": "Memory", "type": "formatted", "counters": ["Available Bytes"]}]}}})",
                        "test.json");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    const auto& objects = ok->settings.get<PerformanceCounterSettings>().objects;
    ASSERT_EQ(objects.size(), 2u);
    EXPECT_EQ(objects[0].labels,
              (std::vector<std::pair<std::string, std::string>>{{"role", "web"}}));
    EXPECT_EQ(objects[1].name, "Memory");  // defaults to the object
    EXPECT_TRUE(objects[1].formatted);
    EXPECT_EQ(perfCounterMetricName(objects[0], objects[0].counters[0], false),
              "windows_performancecounter_iis_current_connections");
    EXPECT_EQ(perfCounterMetricName(objects[0], objects[0].counters[1], true),
              "windows_performancecounter_iis_bytes_sent_total");
    EXPECT_EQ(perfCounterMetricName(objects[0], objects[0].counters[1], false),
              "windows_performancecounter_iis_bytes_sent_sec");
    EXPECT_EQ(perfCounterMetricName(objects[0], objects[0].counters[2], true),
              "iis_requests_total");
    EXPECT_EQ(perfCounterMetricName(objects[1], objects[1].counters[0], false),
              "windows_performancecounter_memory_available_bytes");
}

TEST(ExtensionSettings, PerformanceCounterErrorsNameTheKey) {
    const std::pair<const char*, const char*> cases[] = {
        {R"([{"counters": ["x"]}])",
         "'collectors.performancecounter.objects[0].object' is required"},
        {R"([{"object": "Memory"}])",
         "'collectors.performancecounter.objects[0].counters' is required"},
        {R"([{"object": "Memory", "counters": []}])", "must be a non-empty array of counters"},
        {R"([{"object": "Memory", "counters": [{"metric": "x"}]}])",
         "'collectors.performancecounter.objects[0].counters[0].name' is required"},
        {R"([{"object": "Memory", "counters": [{"name": "a", "metric": "1x"}]}])",
         "'1x' is not a valid Prometheus metric name"},
        {R"([{"object": "Memory", "counters": [{"name": "a", "type": "rate"}]}])",
         "must be \"counter\" or \"gauge\""},
        {R"([{"object": "Memory", "type": "cooked", "counters": ["a"]}])",
         "must be \"raw\" or \"formatted\""},
        {R"([{"object": "Memory", "labels": {"instance": "x"}, "counters": ["a"]}])",
         "reserved label name 'instance'"},
        {R"([{"object": "Memory", "counters": ["Page Faults/sec", "Page Faults sec"]}])",
         "a name another counter already has"},
        {R"([{"object": "Memory", "counter": ["a"]}])",
         "unknown key 'collectors.performancecounter.objects[0].counter'"},
    };
    for (const auto& [objects, expected] : cases) {
        const std::string error = applyError(
            std::string(R"({"collectors": {"performancecounter": {"objects": )") + objects + "}}}");
        EXPECT_NE(error.find(expected), std::string::npos) << objects << "\n" << error;
    }
}

TEST(ExtensionSettings, DefaultDocumentRoundTrips) {
    Config config = defaultConfig();
    auto again = applyConfigJson(defaultConfig(), defaultConfigJson(), "default");
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_TRUE(again->collectors.at("textfile").enabled);
    EXPECT_TRUE(again->collectors.at("performancecounter").enabled);
    EXPECT_EQ(again->settings.get<TextfileSettings>().max_file_bytes,
              config.settings.get<TextfileSettings>().max_file_bytes);
}

}  // namespace sysmetrics
