#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "config/command_line.h"
#include "config/config.h"
#include "config/process_settings.h"
#include "service/collector_catalog.h"
#include "tests/common/scratch_dir.h"

namespace sysmetrics {

namespace {

std::string applyError(const std::string& json) {
    auto result = applyConfigJson(defaultConfig(), json, "test.json");
    return result.ok() ? "" : result.error().message;
}

CommandLine parsed(const std::vector<std::string>& args) {
    auto result = parseCommandLine(args);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? result.value() : CommandLine{};
}

const test::ScratchDir& scratch() {
    static const test::ScratchDir dir;
    return dir;
}

std::string tempFile(const std::string& name, const std::string& content) {
    const std::string path = (scratch().path() / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

// A path nobody has made: inside this process's own folder.
std::string absent(const std::string& name) {
    return (scratch().path() / "absent" / name).string();
}

}  // namespace

TEST(Config, DefaultsListenOn9185WithMemoryAndSystemEnabled) {
    const Config config = defaultConfig();
    EXPECT_EQ(config.listen.text(), "0.0.0.0:9185");
    EXPECT_EQ(config.log_level, "info");
    EXPECT_TRUE(config.collectors.at("memory").enabled);
    EXPECT_TRUE(config.collectors.at("system").enabled);
}

TEST(Config, AppliesAValidDocument) {
    auto result = applyConfigJson(defaultConfig(), R"({
        "listen": "[::1]:9999",
        "log_level": "debug",
        "collectors": {"memory": {"interval_seconds": 2.5}, "system": {"enabled": false},
                       "cpu": {"enabled": false}, "processes": {"enabled": false}}
    })",
                                  "test.json");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->listen.host, "::1");
    EXPECT_EQ(result->listen.port, 9999);
    EXPECT_EQ(result->listen.text(), "[::1]:9999");
    EXPECT_EQ(result->collectors.at("memory").interval.count(), 2500);
    EXPECT_FALSE(result->collectors.at("system").enabled);
    const auto enabled = result->enabledCollectors();
    EXPECT_NE(std::find(enabled.begin(), enabled.end(), "memory"), enabled.end());
    EXPECT_EQ(std::find(enabled.begin(), enabled.end(), "system"), enabled.end());
}

TEST(Config, ErrorsNameTheKeyAndWhatWasWrong) {
    EXPECT_EQ(applyError(R"({"listn": "x"})"),
              "test.json: unknown key 'listn' (known: listen, log_level, log_file, web, metrics, "
              "collectors, remote_write)");
    EXPECT_EQ(applyError(R"({"collectors": {"memory": {"interval_seconds": "5"}}})"),
              "test.json: key 'collectors.memory.interval_seconds' must be a number of seconds, "
              "got a string");
    EXPECT_EQ(applyError(R"({"collectors": {"memory": {"enabled": 1}}})"),
              "test.json: key 'collectors.memory.enabled' must be true or false, got a number");
    EXPECT_NE(applyError(R"({"collectors": {"memroy": {}}})").find("unknown collector 'memroy'"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"memory": {"interval_seconds": 0}}})")
                  .find("'collectors.memory.interval_seconds' must be between 0.1 and 86400"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"memory": {"every": 1}}})")
                  .find("unknown key 'collectors.memory.every'"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"log_level": "loud"})").find("'log_level' must be one of"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"listen": 9185})").find("key 'listen' must be a string"),
              std::string::npos);
    EXPECT_NE(applyError("[1,2]").find("top level must be a JSON object, got an array"),
              std::string::npos);
    EXPECT_NE(applyError("{\"listen\": ").find("test.json: not valid JSON"), std::string::npos);
    // Regression (fuzz_config): a number too large for any type is an error, not a crash.
    EXPECT_NE(applyError("{\"limit\": 8" + std::string(400, '1') + "}").find("not valid JSON"),
              std::string::npos);
}

// JSON keeps the last of two equal keys: a second "web" dropped the first one's auth, and the
// service ran open with a file check-config had accepted.
TEST(Config, AKeyWrittenTwiceIsAnErrorNamingItsPath) {
    const std::string hash =
        "pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    EXPECT_EQ(applyError(R"({"web": {"auth": {"users": {"grafana": ")" + hash +
                         R"("}}}, "collectors": {}, "web": {"max_connections": 64}})"),
              "test.json: key 'web' appears twice; write each key once (only the last would "
              "count)");
    EXPECT_EQ(applyError(R"({"web": {"auth": {"users": {"a": ")" + hash + R"(", "a": ")" + hash +
                         R"("}}}})"),
              "test.json: key 'web.auth.users.a' appears twice; write each key once (only the "
              "last would count)");
    EXPECT_NE(applyError(R"({"collectors": {"performancecounter": {"objects": [{"object": "A"},
                  {"object": "B", "counters": [], "object": "C"}]}}})")
                  .find("key 'collectors.performancecounter.objects[1].object' appears twice"),
              std::string::npos);
    // The same key in two different objects is no repeat.
    EXPECT_EQ(applyError(R"({"collectors": {"memory": {"enabled": true},
                                            "system": {"enabled": true}}})"),
              "");
    // A file, as the start and a reload (service/reload.cpp) read it.
    const std::string path = tempFile("sysmetrics_twice.json", R"({"log_level": "info",
        "log_level": "debug"})");
    auto resolved = resolveConfig(parsed({"--config", path}), defaultConfig(), absent("d.json"));
    ASSERT_FALSE(resolved.ok());
    EXPECT_NE(
        resolved.error().message.find("config file '" + path + "': key 'log_level' appears twice"),
        std::string::npos)
        << resolved.error().message;
}

TEST(Config, ListenAddressesAreCheckedStrictly) {
    EXPECT_TRUE(parseListenAddress("127.0.0.1:0").ok());
    EXPECT_TRUE(parseListenAddress("localhost:9185").ok());
    for (const char* bad :
         {"9185", ":9185", "host:", "host:65536", "host:12x", "::1:9185", "[::1]", "[::1:9185"}) {
        EXPECT_FALSE(parseListenAddress(bad).ok()) << bad;
    }
}

// Digits and dots can only be an IPv4 address; check-config used to accept 999.1.1.1, which
// then failed at bind time with the same message as a port in use.
TEST(Config, ADottedHostMustBeAnIpv4Address) {
    EXPECT_TRUE(parseListenAddress("10.0.0.255:9185").ok());
    EXPECT_TRUE(parseListenAddress("0.0.0.0:9185").ok());
    for (const char* bad : {"999.1.1.1:9185", "1.2.3:9185", "1.2.3.4.5:9185", "1..2.3:9185",
                            "256.0.0.1:1", "1.2.3.0400:1"}) {
        auto parsed_address = parseListenAddress(bad);
        ASSERT_FALSE(parsed_address.ok()) << bad;
        EXPECT_NE(parsed_address.error().message.find("not an IPv4 address"), std::string::npos)
            << parsed_address.error().message;
    }
}

// The resolver reads IPv4 parts as inet_aton does: 127.0.0.010 passed check-config and bound
// 127.0.0.8 (010 octal), and 0x7f.0.0.1 was 127.0.0.1.
TEST(Config, AnIpv4HostIsWrittenInDecimalWithoutLeadingZeros) {
    for (const char* good : {"127.0.0.0:1", "10.0.100.1:1", "0.0.0.0:1", "0xdead.example:1"}) {
        EXPECT_TRUE(parseListenAddress(good).ok()) << good;
    }
    const std::map<std::string, std::string> bad = {
        {"127.0.0.010:9185", "part '010' starts with 0, which the resolver reads as octal"},
        {"01.02.03.04:1", "part '01' starts with 0"},
        {"0x7f.0.0.1:1", "part '0x7f' is hex"},
        {"0X7F000001:1", "part '0X7F000001' is hex"},
        {"127.0.0.0x1:1", "part '0x1' is hex"}};
    for (const auto& [text, why] : bad) {
        auto parsed_address = parseListenAddress(text);
        ASSERT_FALSE(parsed_address.ok()) << text;
        EXPECT_NE(parsed_address.error().message.find(why), std::string::npos)
            << parsed_address.error().message;
    }
    EXPECT_EQ(applyError(R"({"listen": "127.0.0.010:9185"})"),
              "test.json: key 'listen': listen address '127.0.0.010:9185' has host '127.0.0.010', "
              "whose part '010' starts with 0, which the resolver reads as octal (write each of "
              "the four parts 0-255 in decimal, without leading zeros) (expected HOST:PORT, such "
              "as 0.0.0.0:9185 or [::1]:9185)");
    const std::string api = applyError(R"({"web": {"api_listen": "0x7f.0.0.1:9186"}})");
    EXPECT_NE(api.find("key 'web.api_listen': listen address '0x7f.0.0.1:9186'"), std::string::npos)
        << api;
}

TEST(CommandLine, ParsesCommandsFlagsAndInlineValues) {
    const CommandLine line =
        parsed({"check-config", "--listen=127.0.0.1:1", "--log-level", "debug", "--collectors",
                "memory, system", "--interval", "memory=2", "--console"});
    EXPECT_EQ(line.command, "check-config");
    EXPECT_EQ(line.listen, "127.0.0.1:1");
    EXPECT_EQ(line.log_level, "debug");
    EXPECT_TRUE(line.console);
    ASSERT_TRUE(line.collectors);
    EXPECT_EQ(*line.collectors, (std::vector<std::string>{"memory", "system"}));
    ASSERT_EQ(line.intervals.size(), 1u);
    EXPECT_EQ(line.intervals[0].first, "memory");
    EXPECT_DOUBLE_EQ(line.intervals[0].second, 2.0);
}

TEST(CommandLine, RejectsUnknownFlagsCommandsAndMissingValues) {
    EXPECT_EQ(parseCommandLine({"--frobnicate"}).error().message,
              "unknown flag '--frobnicate' (see --help)");
    EXPECT_NE(parseCommandLine({"launch"}).error().message.find("unknown command 'launch'"),
              std::string::npos);
    EXPECT_EQ(parseCommandLine({"--listen"}).error().message, "flag --listen needs a value");
    EXPECT_NE(parseCommandLine({"--interval", "memory"}).error().message.find("NAME=SECONDS"),
              std::string::npos);
}

// A flag given twice ran with the last one, silently: an admin adding --listen to a service
// command line that had one could not tell which address was served.
TEST(CommandLine, AFlagGivenTwiceIsAnErrorNamingIt) {
    EXPECT_EQ(parseCommandLine({"--listen", "127.0.0.1:1", "--listen=127.0.0.1:2"}).error().message,
              "flag --listen is given twice: give it once");
    EXPECT_EQ(parseCommandLine(
                  {"run", "--collectors", "cpu", "--log-level", "info", "--collectors", "memory"})
                  .error()
                  .message,
              "flag --collectors is given twice: give it once");
    EXPECT_EQ(parseCommandLine({"install", "--firewall", "--no-firewall"}).error().message,
              "flag --firewall is given twice (as --firewall, then --no-firewall): give it once");
    EXPECT_EQ(parseCommandLine({"--interval", "cpu=5", "--interval", "cpu=10"}).error().message,
              "flag --interval gives collector 'cpu' twice: give it once");
    // Repeatable by design: one --interval per collector, one --fault-missing-api per API.
    const auto line = parseCommandLine({"--interval", "cpu=5", "--interval", "memory=10",
                                        "--fault-missing-api", "a", "--fault-missing-api", "b"});
    ASSERT_TRUE(line.ok()) << line.error().message;
    EXPECT_EQ(line.value().intervals.size(), 2u);
    EXPECT_EQ(line.value().fault_missing_apis.size(), 2u);
}

TEST(CommandLine, FlagsOverrideTheFileAndAreValidated) {
    const std::string path = tempFile("sysmetrics_cfg.json", R"({"listen": "0.0.0.0:1000"})");
    auto config = resolveConfig(parsed({"--config", path, "--listen", "127.0.0.1:2000",
                                        "--collectors", "memory", "--interval", "memory=0.5"}),
                                defaultConfig(), absent("default.json"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->listen.port, 2000);
    EXPECT_EQ(config->source_path, path);
    EXPECT_FALSE(config->collectors.at("system").enabled);
    EXPECT_EQ(config->collectors.at("memory").interval.count(), 500);

    EXPECT_NE(
        resolveConfig(parsed({"--collectors", "disk9"}), defaultConfig(), absent("default.json"))
            .error()
            .message.find("unknown collector 'disk9'"),
        std::string::npos);
    EXPECT_NE(
        resolveConfig(parsed({"--interval", "memory=0"}), defaultConfig(), absent("default.json"))
            .error()
            .message.find("flag --interval memory must be between"),
        std::string::npos);
    EXPECT_NE(
        resolveConfig(parsed({"--log-level", "chatty"}), defaultConfig(), absent("default.json"))
            .error()
            .message.find("--log-level 'chatty'"),
        std::string::npos);
}

TEST(CommandLine, CollectorsFlagTakesWindowsExporterNames) {
    auto config = resolveConfig(parsed({"--collectors", "logical_disk,net,service,process,cs"}),
                                defaultConfig(), absent("default.json"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->enabledCollectors(),
              (std::vector<std::string>{"disks", "memory", "network", "processes", "services",
                                        "system"}));
    auto mixed = resolveConfig(parsed({"--collectors", "os,battery"}), defaultConfig(),
                               absent("default.json"));
    ASSERT_TRUE(mixed.ok()) << mixed.error().message;
    // os: its windows_os_paging_* (<= v0.29) are the pagefile collector's here.
    EXPECT_EQ(mixed->enabledCollectors(),
              (std::vector<std::string>{"battery", "memory", "pagefile", "system"}));

    const std::string none =
        resolveConfig(parsed({"--collectors", "iis"}), defaultConfig(), absent("default.json"))
            .error()
            .message;
    EXPECT_NE(none.find("windows_exporter's collector 'iis' has no sysmetrics equivalent"),
              std::string::npos)
        << none;
    const std::string unknown =
        resolveConfig(parsed({"--collectors", "net,nope"}), defaultConfig(), absent("default.json"))
            .error()
            .message;
    EXPECT_NE(unknown.find("flag --collectors: unknown collector 'nope' (sysmetrics: battery, "),
              std::string::npos)
        << unknown;
    EXPECT_NE(unknown.find("windows_exporter's: ad, "), std::string::npos) << unknown;
}

// An unset shell variable (--collectors "$LIST") disabled every collector: the service ran and
// served nothing.
TEST(CommandLine, AnEmptyCollectorsListIsAnError) {
    for (const char* list : {"", ",,", " , "}) {
        auto config =
            resolveConfig(parsed({"--collectors", list}), defaultConfig(), absent("default.json"));
        ASSERT_FALSE(config.ok()) << "'" << list << "'";
        EXPECT_EQ(config.error().message.rfind(
                      "flag --collectors: empty list: name one or more collectors to enable, "
                      "comma-separated (sysmetrics: battery, ",
                      0),
                  0u)
            << config.error().message;
        EXPECT_NE(config.error().message.find(", or windows_exporter's names), or leave the flag "
                                              "out"),
                  std::string::npos)
            << config.error().message;
    }
    auto inline_empty =
        resolveConfig(parsed({"--collectors="}), defaultConfig(), absent("default.json"));
    ASSERT_FALSE(inline_empty.ok());
    EXPECT_NE(inline_empty.error().message.find("flag --collectors: empty list"),
              std::string::npos);
}

TEST(CommandLine, ExplicitConfigMustExistButTheDefaultMayBeAbsent) {
    EXPECT_TRUE(resolveConfig(parsed({}), defaultConfig(), absent("config.json")).ok());
    auto missing = resolveConfig(parsed({"--config", absent("x.json")}), defaultConfig(),
                                 absent("default.json"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "config file '" + absent("x.json") + "' does not exist");
    const std::string bad = tempFile("sysmetrics_bad.json", "{\"listen\": 1}");
    auto invalid = resolveConfig(parsed({}), defaultConfig(), bad);
    ASSERT_FALSE(invalid.ok());
    EXPECT_NE(invalid.error().message.find("config file '" + bad + "': key 'listen'"),
              std::string::npos);
}

TEST(CommandLine, AConfigPathMustBeARegularFileOfBoundedSize) {
#ifndef _WIN32
    // /dev/zero never ends (it aborted with bad_alloc); a FIFO waited forever for a writer.
    auto device =
        resolveConfig(parsed({"--config", "/dev/zero"}), defaultConfig(), absent("default.json"));
    ASSERT_FALSE(device.ok());
    EXPECT_NE(device.error().message.find("is not a regular file"), std::string::npos)
        << device.error().message;
#endif
    const std::string huge = tempFile("sysmetrics_huge.json", std::string(5 * 1024 * 1024, ' '));
    auto too_big =
        resolveConfig(parsed({"--config", huge}), defaultConfig(), absent("default.json"));
    ASSERT_FALSE(too_big.ok());
    EXPECT_NE(too_big.error().message.find("at most 4194304"), std::string::npos)
        << too_big.error().message;
    std::remove(huge.c_str());
}

TEST(CommandLine, TheDefaultConfigDocumentRoundTrips) {
    auto config = applyConfigJson(defaultConfig(), defaultConfigJson(), "default");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->listen.text(), "0.0.0.0:9185");
    EXPECT_EQ(config->collectors.size(), defaultConfig().collectors.size());
}

}  // namespace sysmetrics

namespace sysmetrics {

TEST(Config, ProcessSettingsAreValidatedByName) {
    auto ok = applyConfigJson(defaultConfig(), R"({"collectors": {"processes": {
        "include": "^svc", "exclude": "helper$", "cmdline_label": true, "limit": 50,
        "limit_by": "memory", "threads": false, "process_group_id": true}}})",
                              "t.json");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    const auto& processes = ok->settings.get<ProcessSettings>();
    ASSERT_TRUE(processes.include.has_value());
    EXPECT_EQ(processes.include->pattern(), "^svc");
    EXPECT_EQ(processes.limit, 50u);
    EXPECT_TRUE(processes.limit_by_memory);
    EXPECT_TRUE(processes.cmdline_label);
    EXPECT_FALSE(processes.threads);
    EXPECT_TRUE(processes.process_group_id);
    EXPECT_FALSE(defaultConfig().settings.get<ProcessSettings>().process_group_id);
    EXPECT_NE(applyError(R"({"collectors": {"processes": {"process_group_id": 1}}})")
                  .find("collectors.processes.process_group_id"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"processes": {"include": "(unclosed"}}})")
                  .find("key 'collectors.processes.include': invalid pattern '(unclosed'"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"processes": {"redact_patterns": ["ok", "(("]}}})")
                  .find("key 'collectors.processes.redact_patterns': invalid pattern '(('"),
              std::string::npos);
    // Every match is masked, an empty one too: "" scrambled each command line into
    // ***/***u***s***r..., and "\b" masked both ends of every word.
    for (const char* empty : {"", "x*", "^", "$", "\\b", "\\B", "a|", "(?m)^", "(token)?"}) {
        const nlohmann::json document = {
            {"collectors", {{"processes", {{"redact_patterns", {"secret=\\S+", empty}}}}}}};
        const std::string error = applyError(document.dump());
        EXPECT_EQ(error.rfind("test.json: key 'collectors.processes.redact_patterns': pattern '" +
                                  std::string(empty) +
                                  "' can match an empty string, and the mask would go wherever",
                              0),
                  0u)
            << empty << ": " << error;
    }
    auto redacting = applyConfigJson(
        defaultConfig(),
        R"({"collectors": {"processes": {"redact_patterns": ["secret=\\S+", "\\bkey\\b", "x+"]}}})",
        "t.json");
    ASSERT_TRUE(redacting.ok()) << redacting.error().message;
    EXPECT_EQ(redacting->settings.get<ProcessSettings>().redact_patterns.size(), 3u);
    EXPECT_NE(applyError(R"({"collectors": {"processes": {"limit": -1}}})")
                  .find("'collectors.processes.limit' must be a whole number"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"processes": {"limit_by": "io"}}})")
                  .find("must be \"cpu\" or \"memory\""),
              std::string::npos);
    // Process keys belong to the processes collector only.
    EXPECT_NE(applyError(R"({"collectors": {"memory": {"include": "x"}}})")
                  .find("unknown key 'collectors.memory.include'"),
              std::string::npos);
}

}  // namespace sysmetrics

namespace sysmetrics {

TEST(Config, ProcessesAndConnectionsIdleWhenUnreadAndIdleIntervalIsValidated) {
    const Config defaults = defaultConfig();
    EXPECT_EQ(defaults.collectors.at("processes").idle_interval, std::chrono::minutes(5));
    EXPECT_EQ(defaults.collectors.at("connections").idle_interval, std::chrono::minutes(5));
    EXPECT_EQ(defaults.collectors.at("cpu").idle_interval.count(), 0);
    EXPECT_FALSE(defaults.settings.get<ProcessSettings>().perProcessSeries());

    auto applied = applyConfigJson(
        defaults,
        R"({"collectors": {"processes": {"idle_interval_seconds": 0, "per_process": true},
                           "cpu": {"idle_interval_seconds": 60}}})",
        "test.json");
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(applied.value().collectors.at("processes").idle_interval.count(), 0);
    EXPECT_EQ(applied.value().collectors.at("cpu").idle_interval, std::chrono::minutes(1));
    EXPECT_TRUE(applied.value().settings.get<ProcessSettings>().perProcessSeries());

    const auto refusedNaming = [](const std::string& json, const std::string& key) {
        return applyError(json).find(key) != std::string::npos;
    };
    EXPECT_TRUE(refusedNaming(R"({"collectors": {"cpu": {"idle_interval_seconds": -1}}})",
                              "collectors.cpu.idle_interval_seconds"));
    EXPECT_TRUE(refusedNaming(R"({"collectors": {"cpu": {"idle_interval_seconds": "5m"}}})",
                              "collectors.cpu.idle_interval_seconds"));
    EXPECT_TRUE(refusedNaming(R"({"collectors": {"processes": {"per_process": "yes"}}})",
                              "collectors.processes.per_process"));
}

TEST(Config, AnIdleIntervalIsNeverShorterThanTheInterval) {
    EXPECT_EQ(applyError(R"({"collectors": {"processes": {"interval_seconds": 60,
                                                          "idle_interval_seconds": 30}}})"),
              "test.json: key 'collectors.processes.idle_interval_seconds' (30) is shorter than "
              "'collectors.processes.interval_seconds' (60): it is the slower pace while nobody "
              "reads (0 = never idle)");
    // A longer interval over the default idle interval (300 s) idles at the interval, not faster.
    auto slow = resolveConfig(parsed({"--interval", "processes=600"}), defaultConfig(),
                              absent("default.json"));
    ASSERT_TRUE(slow.ok()) << slow.error().message;
    EXPECT_EQ(slow.value().collectors.at("processes").effectiveIdleInterval(),
              std::chrono::minutes(10));
    EXPECT_EQ(defaultConfig().collectors.at("processes").effectiveIdleInterval(),
              std::chrono::minutes(5));
    auto never = applyConfigJson(
        defaultConfig(),
        R"({"collectors": {"processes": {"interval_seconds": 60, "idle_interval_seconds": 0}}})",
        "test.json");
    ASSERT_TRUE(never.ok()) << never.error().message;
    EXPECT_EQ(never.value().collectors.at("processes").effectiveIdleInterval().count(), 0);
}

TEST(Config, AFileInUtf16WithItsByteOrderMarkReadsAsItsText) {
    // Windows PowerShell 5's `>` writes this; one character outside the BMP (a surrogate pair).
    const std::u16string text =
        u"{\"listen\": \"127.0.0.1:9999\", \"log_file\": \"C:\\\\l\u00f6gs\\\\\U0001F600.log\"}";
    std::string little = "\xFF\xFE", big = "\xFE\xFF";
    for (const char16_t unit : text) {
        const char low = static_cast<char>(unit & 0xFF), high = static_cast<char>(unit >> 8);
        little += std::string{low, high};
        big += std::string{high, low};
    }
    for (const auto& bytes : {little, big}) {
        auto applied = applyConfigJson(defaultConfig(), bytes, "test.json");
        ASSERT_TRUE(applied.ok()) << applied.error().message;
        EXPECT_EQ(applied.value().listen.port, 9999);
        EXPECT_EQ(applied.value().log_file, "C:\\l\xC3\xB6gs\\\xF0\x9F\x98\x80.log");
    }
    EXPECT_EQ(applyError(little + "x"),
              "test.json: UTF-16 (it starts with a byte-order mark) but has an odd number of "
              "bytes; save it as UTF-8");
    // UTF-8 with its mark, as Notepad and PowerShell's -Encoding UTF8 write it.
    EXPECT_EQ(applyError("\xEF\xBB\xBF{\"listen\": \"127.0.0.1:9999\"}"), "");
}

TEST(Config, AStringHoldingANulIsAnErrorNamingItsKey) {
    EXPECT_EQ(applyError(R"({"log_file": "C:\\x.log\u0000.txt"})"),
              "test.json: key 'log_file' holds a NUL character (\\u0000), which no path, address "
              "or name may hold");
    EXPECT_NE(applyError(R"({"web": {"auth": {"require": ["a", "b\u0000"]}}})")
                  .find("key 'web.auth.require[1]' holds a NUL"),
              std::string::npos);
    EXPECT_NE(applyError(R"({"collectors": {"a\u0000b": {}}})").find("holds a NUL"),
              std::string::npos);
}

TEST(CommandLine, AFlagWithoutAValueRefusesOne) {
    for (const std::string flag : {"--console", "--help", "--version", "--no-firewall"}) {
        const auto line = parseCommandLine({flag + "=no"});
        ASSERT_FALSE(line.ok()) << flag;
        EXPECT_EQ(line.error().message,
                  "flag " + flag + " takes no value (given '" + flag + "=no')");
    }
    EXPECT_TRUE(parseCommandLine({"--firewall=0"}).ok());
}

TEST(CommandLine, AConfigPathThatCannotBeReachedIsNotCalledAbsent) {
#ifdef _WIN32
    GTEST_SKIP() << "the C runtime's stat reports most failures as ENOENT; ACLs are Windows' case";
#else
    // A symbolic link to itself on the way: stat fails with ELOOP, not "no such file".
    const auto loop = scratch().path() / "loop";
    std::filesystem::create_symlink(loop, loop);
    const std::string path = (loop / "config.json").string();
    for (const auto& line : {parsed({"--config", path}), parsed({})}) {
        auto resolved = resolveConfig(line, defaultConfig(), path);
        ASSERT_FALSE(resolved.ok());
        EXPECT_EQ(
            resolved.error().message.rfind("config file '" + path + "' cannot be reached: ", 0), 0u)
            << resolved.error().message;
    }
    // A name longer than the file system allows (ENAMETOOLONG).
    const std::string long_name = (scratch().path() / std::string(300, 'x')).string();
    auto resolved = resolveConfig(parsed({"--config", long_name}), defaultConfig(), long_name);
    ASSERT_FALSE(resolved.ok());
    EXPECT_NE(resolved.error().message.find("cannot be reached: "), std::string::npos)
        << resolved.error().message;
#endif
}

}  // namespace sysmetrics
