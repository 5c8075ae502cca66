#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "collectors/result.h"
#include "config/web_config.h"

namespace sysmetrics {

struct CollectorConfig {
    bool enabled = true;
    std::chrono::milliseconds interval{5000};
    // 0: always collect at `interval`; else the interval while nobody reads the data.
    std::chrono::milliseconds idle_interval{0};
};

// The processes collector's own settings: which processes become Prometheus series.
struct ProcessConfig {
    // Per-process series on /metrics: off unless asked for, or unless include, exclude, limit or
    // cmdline_label are set (a file written before they were opt-in keeps its series).
    std::optional<bool> per_process;
    bool perProcessSeries() const {
        return per_process.value_or(!include.empty() || !exclude.empty() || limit > 0 ||
                                    cmdline_label);
    }
    std::string include;  // pattern on the name; "" = every process
    std::string exclude;  // pattern on the name; "" = none
    bool cmdline_label = false;
    std::uint32_t limit = 0;       // export at most this many processes (0 = all)
    std::string limit_by = "cpu";  // "cpu" or "memory": which ones the limit keeps
    bool threads = kThreadsByDefault;
    bool redact_cmdline = true;                // hide values of secret-looking arguments
    std::vector<std::string> redact_patterns;  // extra RE2 patterns whose matches are hidden
#ifdef _WIN32
    static constexpr bool kThreadsByDefault = true;  // free: they come with the process table
#else
    static constexpr bool kThreadsByDefault = false;  // one /proc file per thread per cycle
#endif
};

struct Config {
    ListenAddress listen;
    WebConfig web;
    std::string log_level = "info";
    std::string log_file;
    // Every known collector, enabled or not.
    std::map<std::string, CollectorConfig> collectors;
    ProcessConfig processes;
    bool connections_per_process = false;  // collectors.connections.per_process
    std::string services_include;          // collectors.services.include (pattern on the name)
    std::string services_exclude;
    std::string fault_hang_collector;  // test only, from --fault-hang-collector
    // Where the file came from ("" when only defaults and flags were used).
    std::string source_path;

    std::vector<std::string> enabledCollectors() const;
};

// A message for the user that names what was wrong and where.
struct ConfigError {
    std::string message;
};

template <typename T>
using ConfigResult = Result<T, ConfigError>;

struct KnownCollector {
    const char* name;
    bool enabled_by_default;
    std::chrono::milliseconds default_interval;
    std::chrono::milliseconds default_idle_interval{0};
};

const std::vector<KnownCollector>& knownCollectors();

Config defaultConfig();

// Applies a JSON document onto `base`. `origin` names the source in messages.
ConfigResult<Config> applyConfigJson(Config base, const std::string& json_text,
                                     const std::string& origin);

ConfigResult<ListenAddress> parseListenAddress(const std::string& text);
// `what` names the setting in the message ("key 'collectors.cpu.interval_seconds'").
ConfigResult<std::chrono::milliseconds> parseInterval(const std::string& what, double seconds);
bool isValidLogLevel(const std::string& level);

// The default config file as JSON text, documented in docs/config.md.
std::string defaultConfigJson();

}  // namespace sysmetrics
