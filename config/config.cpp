#include "config/config.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "base/safe_regex.h"
#include "base/text_parse.h"
#include "config/config_json.h"
#include "config/remote_write_config_json.h"
#include "config/web_config_json.h"

namespace sysmetrics {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr double kMinIntervalSeconds = 0.1;
constexpr double kMaxIntervalSeconds = 86400;

const CollectorSchema* schemaOf(const Config& config, const std::string& name) {
    if (!config.schemas) {
        return nullptr;
    }
    for (const auto& schema : *config.schemas) {
        if (schema.name == name) {
            return &schema;
        }
    }
    return nullptr;
}

// idle_interval_seconds: 0 never idles, else an interval like interval_seconds.
ConfigResult<milliseconds> parseIdleInterval(const std::string& path, const json& field,
                                             const std::string& origin) {
    if (!field.is_number()) {
        return wrongType(origin, path, "a number of seconds (0 = never idle)", field);
    }
    if (field.get<double>() == 0) {
        return milliseconds(0);
    }
    auto interval = parseInterval("key '" + path + "'", field.get<double>());
    if (!interval.ok()) {
        return ConfigError{origin + ": " + interval.error().message + " (or 0 to never idle)"};
    }
    return interval.value();
}

// Watches json::parse open and close each object and array, and notes the first key an object
// has twice: nlohmann keeps the last of them without a word, so a second "web" would drop the
// first one's auth. Each level keeps only its own name, so a deep document costs its depth.
// It also notes the first string holding a NUL (\u0000): every string here ends up as a path, an
// address, a pattern or a name, and the OS would cut each at the NUL.
class RepeatedKeyFinder {
public:
    bool see(json::parse_event_t event, const json& parsed) {
        using event_t = json::parse_event_t;
        if (event == event_t::object_start || event == event_t::array_start ||
            event == event_t::value) {
            std::string name;
            if (!open_.empty() && open_.back().is_array) {
                name = "[" + std::to_string(open_.back().items++) + "]";
            } else if (!open_.empty()) {
                name = open_.back().last_key;
            }
            if (event == event_t::value && parsed.is_string() && !nul_ &&
                parsed.get_ref<const std::string&>().find('\0') != std::string::npos) {
                nul_ = pathOf(name);
            }
            if (event != event_t::value) {
                open_.push_back(Level{std::move(name), event == event_t::array_start, {}, {}, 0});
            }
        } else if (event == event_t::object_end || event == event_t::array_end) {
            open_.pop_back();
        } else if (event == event_t::key) {
            Level& object = open_.back();
            object.last_key = parsed.get<std::string>();
            if (!object.keys.insert(object.last_key).second && !repeated_) {
                repeated_ = pathOf(object.last_key);
            }
            if (object.last_key.find('\0') != std::string::npos && !nul_) {
                nul_ = pathOf(object.last_key);
            }
        }
        return true;
    }

    // The dotted path of the first repeated key, if any.
    const std::optional<std::string>& repeated() const { return repeated_; }
    // The dotted path of the first key or string value holding a NUL, if any.
    const std::optional<std::string>& nul() const { return nul_; }

private:
    struct Level {
        std::string name;  // its key in the object above, or [index] in the array above
        bool is_array;
        std::string last_key;
        std::set<std::string> keys;
        std::size_t items;
    };

    std::string pathOf(const std::string& key) const {
        std::string path;
        for (std::size_t i = 1; i < open_.size(); i++) {
            const bool index = open_[i - 1].is_array;
            path += (index || path.empty() ? "" : ".") + open_[i].name;
        }
        return path + (path.empty() || key.rfind('[', 0) == 0 ? "" : ".") + key;
    }

    std::vector<Level> open_;
    std::optional<std::string> repeated_;
    std::optional<std::string> nul_;
};

// Windows PowerShell 5's `>` and Out-File write UTF-16 with a byte-order mark; a config file
// written so is read as the same text. UTF-8 (with or without its mark) passes unchanged.
ConfigResult<std::string> asUtf8(const std::string& bytes, const std::string& origin) {
    const bool little = bytes.rfind("\xFF\xFE", 0) == 0;
    if (!little && bytes.rfind("\xFE\xFF", 0) != 0) {
        return bytes;
    }
    if (bytes.size() % 2 != 0) {
        return ConfigError{origin +
                           ": UTF-16 (it starts with a byte-order mark) but has an odd "
                           "number of bytes; save it as UTF-8"};
    }
    std::u16string units;
    units.reserve(bytes.size() / 2 - 1);
    for (std::size_t i = 2; i < bytes.size(); i += 2) {
        const auto first = static_cast<unsigned char>(bytes[i]);
        const auto second = static_cast<unsigned char>(bytes[i + 1]);
        units.push_back(static_cast<char16_t>(little ? first | second << 8 : first << 8 | second));
    }
    return utf16ToUtf8(units);
}

ConfigStatus applyCollector(Config& config, const std::string& origin, const std::string& name,
                            const json& value) {
    const std::string prefix = "collectors." + name;
    const CollectorSchema* schema = schemaOf(config, name);
    auto it = config.collectors.find(name);
    if (!schema || it == config.collectors.end()) {
        return ConfigError{origin + ": unknown collector '" + name +
                           "' (known: " + joinWithCommas(config.knownCollectors()) + ")"};
    }
    if (!value.is_object()) {
        return wrongType(origin, prefix, "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = prefix + "." + key;
        ConfigStatus status;
        if (key == "enabled") {
            status = readBool(it->second.enabled, field, origin, path);
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
            auto idle = parseIdleInterval(path, field, origin);
            if (!idle.ok()) {
                return idle.error();
            }
            it->second.idle_interval = idle.value();
        } else if (key == "pace_to_readers") {
            status = readBool(it->second.pace_to_readers, field, origin, path);
        } else if (std::find(schema->keys.begin(), schema->keys.end(), key) != schema->keys.end()) {
            SettingsPtr settings = config.settings.find(name);
            status = schema->apply(settings, key, field, origin, path);
            config.settings.set(name, std::move(settings));
        } else {
            std::vector<std::string> known = {"enabled", "interval_seconds",
                                              "idle_interval_seconds", "pace_to_readers"};
            known.insert(known.end(), schema->keys.begin(), schema->keys.end());
            return unknownKey(origin, path, known);
        }
        if (!status.ok()) {
            return status.error();
        }
    }
    const CollectorConfig& set = it->second;
    if (value.contains("interval_seconds") && value.contains("idle_interval_seconds") &&
        set.idle_interval.count() > 0 && set.idle_interval < set.interval) {
        return ConfigError{origin + ": key '" + prefix + ".idle_interval_seconds' (" +
                           value["idle_interval_seconds"].dump() + ") is shorter than '" + prefix +
                           ".interval_seconds' (" + value["interval_seconds"].dump() +
                           "): it is the slower pace while nobody reads (0 = never idle)"};
    }
    return {};
}

}  // namespace

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

std::vector<std::string> Config::knownCollectors() const {
    std::vector<std::string> names;
    for (const auto& [name, collector] : collectors) {
        names.push_back(name);
    }
    return names;
}

Config defaultConfig(CollectorSchemas schemas) {
    Config config;
    for (const auto& schema : schemas) {
        config.collectors[schema.name] = CollectorConfig{
            schema.enabled_by_default, schema.default_interval, schema.default_idle_interval};
        if (schema.defaults) {
            config.settings.set(schema.name, schema.defaults());
        }
    }
    config.schemas = std::make_shared<const CollectorSchemas>(std::move(schemas));
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

namespace {

// inet_aton, which getaddrinfo uses for a numeric host, reads a part written 0x... as hex.
bool isHexPart(const std::string& part) {
    return part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X') &&
           part.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos;
}

// A host of digits, dots and 0x parts can only mean an IPv4 address, so it must be one as
// written: "999.1.1.1" would otherwise go to the resolver at start-up and fail there, after
// check-config had said yes, and the resolver reads "127.0.0.010" and "0x7f.0.0.1" as inet_aton
// does (010 octal, 0x7f hex): 127.0.0.010 bound 127.0.0.8.
ConfigStatus checkDottedHost(const std::string& host) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const std::size_t dot = host.find('.', start);
        parts.push_back(host.substr(start, dot - start));
        if (dot == std::string::npos) {
            break;
        }
        start = dot + 1;
    }
    if (!std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
            return part.find_first_not_of("0123456789") == std::string::npos || isHexPart(part);
        })) {
        return {};  // a name, or IPv6: left to the bind, which names why it failed
    }
    for (const auto& part : parts) {
        const auto value = parseUnsigned(part);
        const bool hex = isHexPart(part);
        if (!hex && (part.empty() || part.size() > 3 || !value || *value > 255)) {
            return ConfigError{"has host '" + host +
                               "', which is not an IPv4 address (each of the four parts is 0-255)"};
        }
        if (hex || (part.size() > 1 && part[0] == '0')) {
            return ConfigError{
                "has host '" + host + "', whose part '" + part +
                (hex ? "' is hex" : "' starts with 0, which the resolver reads as octal") +
                " (write each of the four parts 0-255 in decimal, without leading zeros)"};
        }
    }
    if (parts.size() != 4) {
        return ConfigError{"has host '" + host +
                           "', which is not an IPv4 address (four parts, a.b.c.d)"};
    }
    return {};
}

}  // namespace

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
    if (auto dotted = checkDottedHost(address.host); !dotted.ok()) {
        return bad(dotted.error().message);
    }
    const auto port = parseUnsigned(port_text);
    if (!port || *port > 65535) {
        return bad("has an invalid port");
    }
    address.port = static_cast<std::uint16_t>(*port);
    return address;
}

ConfigResult<Config> applyConfigJson(Config config, const std::string& file_text,
                                     const std::string& origin) {
    const auto json_text = asUtf8(file_text, origin);
    if (!json_text.ok()) {
        return json_text.error();
    }
    json document;
    RepeatedKeyFinder finder;
    try {
        document =
            json::parse(json_text.value(), [&finder](int, json::parse_event_t event, json& parsed) {
                return finder.see(event, parsed);
            });
    } catch (const json::exception& e) {
        // Not only parse_error: a number too large for any type throws out_of_range (found by
        // fuzz_config). A config file must never end the program with an exception.
        return ConfigError{origin + ": not valid JSON: " + e.what()};
    }
    if (finder.repeated()) {
        return ConfigError{origin + ": key '" + *finder.repeated() +
                           "' appears twice; write each key once (only the last would count)"};
    }
    if (finder.nul()) {
        return ConfigError{origin + ": key '" + *finder.nul() +
                           "' holds a NUL character (\\u0000), which no path, address or name "
                           "may hold"};
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
                if (auto status = applyCollector(config, origin, name, settings); !status.ok()) {
                    return status.error();
                }
            }
        } else if (key == "metrics") {
            if (auto status = applyMetricsJson(config.metrics, origin, value); !status.ok()) {
                return status.error();
            }
        } else if (key == "web") {
            if (auto status = applyWebJson(config.web, origin, value); !status.ok()) {
                return status.error();
            }
        } else if (key == "remote_write") {
            if (auto status = applyRemoteWriteJson(config.remote_write, origin, value);
                !status.ok()) {
                return status.error();
            }
        } else {
            return ConfigError{origin + ": unknown key '" + key +
                               "' (known: listen, log_level, log_file, web, metrics, collectors, "
                               "remote_write)"};
        }
    }
    if (auto status = checkWebConfig(config, origin); !status.ok()) {
        return status.error();
    }
    if (auto status = checkRemoteWriteConfig(config, origin); !status.ok()) {
        return status.error();
    }
    return config;
}

std::string configJson(const Config& config) {
    json collectors = json::object();
    for (const auto& [name, collector] : config.collectors) {
        collectors[name] = {{"enabled", collector.enabled},
                            {"interval_seconds", collector.interval.count() / 1000.0},
                            {"idle_interval_seconds", collector.idle_interval.count() / 1000.0},
                            {"pace_to_readers", collector.pace_to_readers}};
        const CollectorSchema* schema = schemaOf(config, name);
        if (SettingsPtr settings = config.settings.find(name);
            settings && schema && schema->to_json) {
            collectors[name].update(schema->to_json(*settings));
        }
    }
    json document = {{"listen", config.listen.text()},
                     {"log_level", config.log_level},
                     {"log_file", config.log_file},
                     {"web", webConfigJson(config.web)},
                     {"metrics", metricsConfigJson(config.metrics)},
                     {"collectors", collectors},
                     {"remote_write", remoteWriteConfigJson(config.remote_write)}};
    return document.dump(2) + "\n";
}

}  // namespace sysmetrics
