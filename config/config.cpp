#include "config/config.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "collectors/text_parse.h"
#include "config/config_json.h"
#include "config/safe_regex.h"
#include "config/web_config_json.h"

namespace sysmetrics {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr double kMinIntervalSeconds = 0.1;
constexpr double kMaxIntervalSeconds = 86400;

std::string knownNames() {
    std::string names;
    for (const auto& known : knownCollectors()) {
        names += names.empty() ? "" : ", ";
        names += known.name;
    }
    return names;
}

// Keys only the processes collector has; nullopt when `key` is not one of them.
std::optional<std::optional<ConfigError>> applyProcessKey(ProcessConfig& processes,
                                                          const std::string& origin,
                                                          const std::string& key,
                                                          const std::string& path,
                                                          const json& field) {
    if (key == "include" || key == "exclude") {
        if (!field.is_string()) {
            return wrongType(origin, path, "a string (a regular expression)", field);
        }
        const std::string pattern = field.get<std::string>();
        if (!pattern.empty()) {
            auto compiled = SafeRegex::compile(pattern);
            if (!compiled.ok()) {
                return ConfigError{origin + ": key '" + path + "': " + compiled.error()};
            }
        }
        (key == "include" ? processes.include : processes.exclude) = pattern;
    } else if (key == "per_process") {
        if (!field.is_boolean()) {
            return wrongType(origin, path, "true or false", field);
        }
        processes.per_process = field.get<bool>();
    } else if (key == "cmdline_label" || key == "threads") {
        if (!field.is_boolean()) {
            return wrongType(origin, path, "true or false", field);
        }
        (key == "threads" ? processes.threads : processes.cmdline_label) = field.get<bool>();
    } else if (key == "redact_cmdline") {
        if (!field.is_boolean()) {
            return wrongType(origin, path, "true or false", field);
        }
        processes.redact_cmdline = field.get<bool>();
    } else if (key == "redact_patterns") {
        if (!field.is_array()) {
            return wrongType(origin, path, "an array of regular expressions", field);
        }
        std::vector<std::string> patterns;
        for (const auto& item : field) {
            if (!item.is_string()) {
                return wrongType(origin, path + "[]", "a string", item);
            }
            auto compiled = SafeRegex::compile(item.get<std::string>());
            if (!compiled.ok()) {
                return ConfigError{origin + ": key '" + path + "': " + compiled.error()};
            }
            patterns.push_back(item.get<std::string>());
        }
        processes.redact_patterns = std::move(patterns);
    } else if (key == "limit") {
        if (!field.is_number_unsigned() || field.get<std::uint64_t>() > 1000000) {
            return ConfigError{origin + ": key '" + path +
                               "' must be a whole number from 0 (no limit) to 1000000"};
        }
        processes.limit = field.get<std::uint32_t>();
    } else if (key == "limit_by") {
        if (!field.is_string() || (field != "cpu" && field != "memory")) {
            return ConfigError{origin + ": key '" + path + "' must be \"cpu\" or \"memory\""};
        }
        processes.limit_by = field.get<std::string>();
    } else {
        return std::nullopt;
    }
    return std::optional<ConfigError>();
}

std::optional<ConfigError> applyCollector(Config& config, const std::string& origin,
                                          const std::string& name, const json& value) {
    const std::string prefix = "collectors." + name;
    auto it = config.collectors.find(name);
    if (it == config.collectors.end()) {
        return ConfigError{origin + ": unknown collector '" + name + "' (known: " + knownNames() +
                           ")"};
    }
    if (!value.is_object()) {
        return wrongType(origin, prefix, "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = prefix + "." + key;
        if (key == "enabled") {
            if (!field.is_boolean()) {
                return wrongType(origin, path, "true or false", field);
            }
            it->second.enabled = field.get<bool>();
        } else if (key == "interval_seconds") {
            if (!field.is_number()) {
                return wrongType(origin, path, "a number of seconds", field);
            }
            auto interval = parseInterval("key '" + path + "'", field.get<double>());
            if (!interval.ok()) {
                return ConfigError{origin + ": " + interval.error().message};
            }
            it->second.interval = interval.value();
        } else if (key == "idle_interval_seconds") {
            if (!field.is_number()) {
                return wrongType(origin, path, "a number of seconds (0 = never idle)", field);
            }
            if (field.get<double>() == 0) {
                it->second.idle_interval = milliseconds(0);
                continue;
            }
            auto interval = parseInterval("key '" + path + "'", field.get<double>());
            if (!interval.ok()) {
                return ConfigError{origin + ": " + interval.error().message +
                                   " (or 0 to never idle)"};
            }
            it->second.idle_interval = interval.value();
        } else if (name == "connections" && key == "per_process") {
            if (!field.is_boolean()) {
                return wrongType(origin, path, "true or false", field);
            }
            config.connections_per_process = field.get<bool>();
        } else if (name == "services" && (key == "include" || key == "exclude")) {
            if (!field.is_string()) {
                return wrongType(origin, path, "a string (a regular expression)", field);
            }
            const std::string pattern = field.get<std::string>();
            if (auto compiled = SafeRegex::compile(pattern); !pattern.empty() && !compiled.ok()) {
                return ConfigError{origin + ": key '" + path + "': " + compiled.error()};
            }
            (key == "include" ? config.services_include : config.services_exclude) = pattern;
        } else if (name == "processes") {
            auto handled = applyProcessKey(config.processes, origin, key, path, field);
            if (!handled) {
                return ConfigError{origin + ": unknown key '" + path +
                                   "' (known: enabled, interval_seconds, idle_interval_seconds, "
                                   "per_process, include, exclude, cmdline_label, limit, "
                                   "limit_by, threads, redact_cmdline, redact_patterns)"};
            }
            if (*handled) {
                return **handled;
            }
        } else {
            return ConfigError{origin + ": unknown key '" + path +
                               "' (known: enabled, interval_seconds)"};
        }
    }
    return std::nullopt;
}

}  // namespace

std::string typeName(const json& value) {
    if (value.is_number()) {
        return "a number";
    }
    if (value.is_string()) {
        return "a string";
    }
    if (value.is_boolean()) {
        return "a boolean";
    }
    if (value.is_array()) {
        return "an array";
    }
    if (value.is_object()) {
        return "an object";
    }
    return "null";
}

ConfigError wrongType(const std::string& origin, const std::string& key, const char* expected,
                      const json& got) {
    return ConfigError{origin + ": key '" + key + "' must be " + expected + ", got " +
                       typeName(got)};
}

std::string ListenAddress::text() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::vector<std::string> Config::enabledCollectors() const {
    std::vector<std::string> names;
    for (const auto& [name, collector] : collectors) {
        if (collector.enabled) {
            names.push_back(name);
        }
    }
    return names;
}

const std::vector<KnownCollector>& knownCollectors() {
    static const std::vector<KnownCollector> known = {
        // clang-format off
        {"battery",     true, milliseconds(30000)},
        {"connections", true, milliseconds(15000), milliseconds(300000)},
        {"cpu",         true, milliseconds(5000)},
        {"disks",       true, milliseconds(15000)},
        {"memory",      true, milliseconds(5000)},
        {"network",     true, milliseconds(5000)},
        {"processes",   true, milliseconds(15000), milliseconds(300000)},
        {"self",        true, milliseconds(5000)},
        {"services",    true, milliseconds(15000)},
        {"system",      true, milliseconds(15000)},
        // clang-format on
    };
    return known;
}

Config defaultConfig() {
    Config config;
    for (const auto& known : knownCollectors()) {
        config.collectors[known.name] = CollectorConfig{
            known.enabled_by_default, known.default_interval, known.default_idle_interval};
    }
    return config;
}

bool isValidLogLevel(const std::string& level) {
    static const char* const kLevels[] = {"trace", "debug",    "info", "warn",
                                          "error", "critical", "off"};
    return std::any_of(std::begin(kLevels), std::end(kLevels),
                       [&](const char* known) { return level == known; });
}

ConfigResult<std::chrono::milliseconds> parseInterval(const std::string& what, double seconds) {
    if (!std::isfinite(seconds) || seconds < kMinIntervalSeconds || seconds > kMaxIntervalSeconds) {
        return ConfigError{what + " must be between 0.1 and 86400 seconds, got " +
                           std::to_string(seconds)};
    }
    return milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

ConfigResult<ListenAddress> parseListenAddress(const std::string& text) {
    const auto bad = [&](const std::string& why) {
        return ConfigError{"listen address '" + text + "' " + why +
                           " (expected HOST:PORT, such as 0.0.0.0:9185 or [::1]:9185)"};
    };
    ListenAddress address;
    std::string port_text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return bad("has an unclosed or portless IPv6 bracket");
        }
        address.host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos) {
            return bad("has no port");
        }
        address.host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
        if (address.host.find(':') != std::string::npos) {
            return bad("is IPv6 without brackets");
        }
    }
    if (address.host.empty()) {
        return bad("has no host");
    }
    const auto port = parseUnsigned(port_text);
    if (!port || *port > 65535) {
        return bad("has an invalid port");
    }
    address.port = static_cast<std::uint16_t>(*port);
    return address;
}

ConfigResult<Config> applyConfigJson(Config config, const std::string& json_text,
                                     const std::string& origin) {
    json document;
    try {
        document = json::parse(json_text);
    } catch (const json::exception& e) {
        // Not only parse_error: a number too large for any type throws out_of_range (found by
        // fuzz_config). A config file must never end the program with an exception.
        return ConfigError{origin + ": not valid JSON: " + e.what()};
    }
    if (!document.is_object()) {
        return ConfigError{origin + ": the top level must be a JSON object, got " +
                           typeName(document)};
    }
    for (const auto& [key, value] : document.items()) {
        if (key == "listen") {
            if (!value.is_string()) {
                return wrongType(origin, key, "a string such as \"0.0.0.0:9185\"", value);
            }
            auto listen = parseListenAddress(value.get<std::string>());
            if (!listen.ok()) {
                return ConfigError{origin + ": key 'listen': " + listen.error().message};
            }
            config.listen = listen.value();
        } else if (key == "log_level") {
            if (!value.is_string() || !isValidLogLevel(value.get<std::string>())) {
                return ConfigError{origin +
                                   ": key 'log_level' must be one of trace, debug, info, warn, "
                                   "error, critical, off"};
            }
            config.log_level = value.get<std::string>();
        } else if (key == "log_file") {
            if (!value.is_string()) {
                return wrongType(origin, key, "a string (a path, or \"\" for none)", value);
            }
            config.log_file = value.get<std::string>();
        } else if (key == "collectors") {
            if (!value.is_object()) {
                return wrongType(origin, key, "an object", value);
            }
            for (const auto& [name, settings] : value.items()) {
                if (auto error = applyCollector(config, origin, name, settings)) {
                    return *error;
                }
            }
        } else if (key == "web") {
            if (auto error = applyWebJson(config.web, origin, value)) {
                return *error;
            }
        } else {
            return ConfigError{origin + ": unknown key '" + key +
                               "' (known: listen, log_level, log_file, web, collectors)"};
        }
    }
    if (auto error = checkWebConfig(config, origin)) {
        return *error;
    }
    return config;
}

std::string defaultConfigJson() {
    const Config config = defaultConfig();
    json collectors = json::object();
    for (const auto& [name, collector] : config.collectors) {
        collectors[name] = {{"enabled", collector.enabled},
                            {"interval_seconds", collector.interval.count() / 1000.0},
                            {"idle_interval_seconds", collector.idle_interval.count() / 1000.0}};
    }
    collectors["connections"]["per_process"] = config.connections_per_process;
    collectors["services"]["include"] = config.services_include;
    collectors["services"]["exclude"] = config.services_exclude;
    const ProcessConfig& p = config.processes;
    collectors["processes"].update({{"per_process", p.perProcessSeries()},
                                    {"include", p.include},
                                    {"exclude", p.exclude},
                                    {"cmdline_label", p.cmdline_label},
                                    {"limit", p.limit},
                                    {"limit_by", p.limit_by},
                                    {"threads", p.threads},
                                    {"redact_cmdline", p.redact_cmdline},
                                    {"redact_patterns", p.redact_patterns}});
    json document = {{"listen", config.listen.text()},
                     {"log_level", config.log_level},
                     {"log_file", config.log_file},
                     {"web", webConfigJson(config.web)},
                     {"collectors", collectors}};
    return document.dump(2) + "\n";
}

}  // namespace sysmetrics
