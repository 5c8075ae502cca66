#include "config/web_config_json.h"

#include "config/config_json.h"
#include "config/secret_hash.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

constexpr std::uint32_t kMaxConnectionsCeiling = 10000;
constexpr std::int64_t kMaxTimeoutSeconds = 3600;

ConfigStatus applyTls(TlsConfig& tls, const std::string& origin, const json& value) {
    if (!value.is_object()) {
        return wrongType(origin, "web.tls", "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = "web.tls." + key;
        std::string* target = key == "cert_file"        ? &tls.cert_file
                              : key == "key_file"       ? &tls.key_file
                              : key == "client_ca_file" ? &tls.client_ca_file
                                                        : nullptr;
        if (target == nullptr) {
            return unknownKey(origin, path, {"cert_file", "key_file", "client_ca_file"});
        }
        if (!field.is_string()) {
            return wrongType(origin, path, "a string (a path to a PEM file, or \"\")", field);
        }
        *target = field.get<std::string>();
    }
    if (tls.cert_file.empty() != tls.key_file.empty()) {
        return ConfigError{origin +
                           ": keys 'web.tls.cert_file' and 'web.tls.key_file' go "
                           "together: set both for TLS, or neither"};
    }
    if (!tls.client_ca_file.empty() && !tls.enabled()) {
        return ConfigError{origin +
                           ": key 'web.tls.client_ca_file' needs TLS: set "
                           "'web.tls.cert_file' and 'web.tls.key_file' too"};
    }
    return {};
}

ConfigStatus applyHash(const std::string& origin, const std::string& path, const json& field,
                       std::string& out) {
    if (!field.is_string()) {
        return wrongType(origin, path, "a string (a hash from `sysmetrics hash-password`)", field);
    }
    auto parsed = parseSecretHash(field.get<std::string>());
    if (!parsed.ok()) {
        return ConfigError{origin + ": key '" + path + "' " + parsed.error().message};
    }
    out = field.get<std::string>();
    return {};
}

ConfigStatus applyAuth(AuthConfig& auth, const std::string& origin, const json& value) {
    if (!value.is_object()) {
        return wrongType(origin, "web.auth", "an object", value);
    }
    const json* require = nullptr;  // not a copy: copying recurses through a deep value
    for (const auto& [key, field] : value.items()) {
        const std::string path = "web.auth." + key;
        if (key == "tokens") {
            if (!field.is_array()) {
                return wrongType(origin, path, "an array of token hashes", field);
            }
            auth.token_hashes.clear();
            for (std::size_t i = 0; i < field.size(); i++) {
                std::string hash;
                if (auto status =
                        applyHash(origin, path + "[" + std::to_string(i) + "]", field[i], hash);
                    !status.ok()) {
                    return status;
                }
                auth.token_hashes.push_back(std::move(hash));
            }
        } else if (key == "users") {
            if (!field.is_object()) {
                return wrongType(origin, path, "an object of user name to password hash", field);
            }
            auth.user_hashes.clear();
            for (const auto& [user, hash_field] : field.items()) {
                if (user.empty() || user.find(':') != std::string::npos) {
                    return ConfigError{origin + ": key '" + path +
                                       "' has a user name that is empty or contains ':'"};
                }
                if (auto status =
                        applyHash(origin, path + "." + user, hash_field, auth.user_hashes[user]);
                    !status.ok()) {
                    return status;
                }
            }
        } else if (key == "require") {
            require = &field;
        } else {
            return unknownKey(origin, path, {"tokens", "users", "require"});
        }
    }
    if (!require) {
        // With credentials set, the data is protected unless the admin says otherwise.
        auth.require_metrics = auth.require_api = auth.hasCredentials();
        auth.require_healthz = false;
        return {};
    }
    if (!require->is_array()) {
        return wrongType(origin, "web.auth.require",
                         "an array naming \"metrics\", \"api\" and/or \"healthz\"", *require);
    }
    auth.require_metrics = auth.require_api = auth.require_healthz = false;
    for (const auto& area : *require) {
        if (area == "metrics") {
            auth.require_metrics = true;
        } else if (area == "api") {
            auth.require_api = true;
        } else if (area == "healthz") {
            auth.require_healthz = true;
        } else {
            return ConfigError{origin +
                               ": key 'web.auth.require' may name only \"metrics\", \"api\" and "
                               "\"healthz\", got " +
                               valueText(area)};
        }
    }
    const bool requires_any = auth.require_metrics || auth.require_api || auth.require_healthz;
    if (requires_any && !auth.hasCredentials()) {
        return ConfigError{origin +
                           ": key 'web.auth.require' asks for credentials but neither "
                           "'web.auth.tokens' nor 'web.auth.users' has any"};
    }
    return {};
}

// An origin as a browser sends it: scheme, host and optional port, nothing after.
bool isOrigin(const std::string& text) {
    std::string rest;
    if (text.rfind("http://", 0) == 0) {
        rest = text.substr(7);
    } else if (text.rfind("https://", 0) == 0) {
        rest = text.substr(8);
    } else {
        return false;
    }
    return !rest.empty() && rest.find_first_of("/?# \t") == std::string::npos;
}

ConfigStatus applyCors(CorsConfig& cors, const std::string& origin, const json& value) {
    if (!value.is_object()) {
        return wrongType(origin, "web.cors", "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = "web.cors." + key;
        if (key != "origins") {
            return unknownKey(origin, path, {"origins"});
        }
        if (!field.is_array()) {
            return wrongType(origin, path, "an array of origins such as \"https://grafana:3000\"",
                             field);
        }
        cors.origins.clear();
        for (std::size_t i = 0; i < field.size(); i++) {
            const std::string item = path + "[" + std::to_string(i) + "]";
            if (!field[i].is_string()) {
                return wrongType(origin, item, "a string", field[i]);
            }
            const std::string text = field[i].get<std::string>();
            if (text != "*" && !isOrigin(text)) {
                return ConfigError{origin + ": key '" + item + "' is \"" + text +
                                   "\", not an origin: write scheme://host[:port] as the "
                                   "browser sends it (no path, no trailing slash), or \"*\""};
            }
            cors.origins.push_back(text);
        }
    }
    return {};
}

}  // namespace

std::string ApiListen::text() const {
    switch (mode) {
        case Mode::shared:
            return "";
        case Mode::disabled:
            return "off";
        case Mode::separate:
            break;
    }
    return address.text();
}

ConfigStatus applyWebJson(WebConfig& web, const std::string& origin, const json& value) {
    if (!value.is_object()) {
        return wrongType(origin, "web", "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = "web." + key;
        std::int64_t number = 0;
        if (key == "api_listen") {
            if (!field.is_string()) {
                return wrongType(origin, path,
                                 "a string: \"\" (with /metrics), \"off\", or HOST:PORT", field);
            }
            const std::string text = field.get<std::string>();
            if (text.empty()) {
                web.api_listen = ApiListen{};
            } else if (text == "off") {
                web.api_listen = ApiListen{ApiListen::Mode::disabled, {}};
            } else {
                auto address = parseListenAddress(text);
                if (!address.ok()) {
                    return ConfigError{origin + ": key '" + path + "': " + address.error().message +
                                       "; or \"\" to serve it with /metrics, or \"off\""};
                }
                web.api_listen = ApiListen{ApiListen::Mode::separate, address.value()};
            }
        } else if (key == "max_connections") {
            if (auto status =
                    readWholeNumber(number, field, 1, kMaxConnectionsCeiling, origin, path);
                !status.ok()) {
                return status;
            }
            web.limits.max_connections = static_cast<std::uint32_t>(number);
        } else if (key == "read_timeout_seconds" || key == "write_timeout_seconds" ||
                   key == "keep_alive_timeout_seconds") {
            if (auto status = readWholeNumber(number, field, 1, kMaxTimeoutSeconds, origin, path);
                !status.ok()) {
                return status;
            }
            auto& target = key == "read_timeout_seconds"    ? web.limits.read_timeout
                           : key == "write_timeout_seconds" ? web.limits.write_timeout
                                                            : web.limits.keep_alive_timeout;
            target = std::chrono::seconds(number);
        } else if (key == "tls") {
            if (auto status = applyTls(web.tls, origin, field); !status.ok()) {
                return status;
            }
        } else if (key == "auth") {
            if (auto status = applyAuth(web.auth, origin, field); !status.ok()) {
                return status;
            }
        } else if (key == "cors") {
            if (auto status = applyCors(web.cors, origin, field); !status.ok()) {
                return status;
            }
        } else {
            return unknownKey(
                origin, path,
                {"api_listen", "max_connections", "read_timeout_seconds", "write_timeout_seconds",
                 "keep_alive_timeout_seconds", "tls", "auth", "cors"});
        }
    }
    return {};
}

ConfigStatus checkWebConfig(const Config& config, const std::string& origin) {
    const ApiListen& api = config.web.api_listen;
    // Port 0 asks the OS for a free port: two of those never clash.
    if (api.mode == ApiListen::Mode::separate && api.address == config.listen &&
        api.address.port != 0) {
        return ConfigError{origin + ": key 'web.api_listen' is the same address as 'listen' (" +
                           config.listen.text() + "); use \"\" to serve the API there"};
    }
    // A wildcard host takes the port on the other's address too: the second bind would fail.
    if (api.mode == ApiListen::Mode::separate && listenAddressesClash(api.address, config.listen)) {
        return ConfigError{origin + ": key 'web.api_listen' (" + api.address.text() +
                           ") and 'listen' (" + config.listen.text() +
                           ") are on the same port, and 0.0.0.0 or [::] on one takes that port on "
                           "the other's address too: use another port, or \"\" to serve the API "
                           "with /metrics"};
    }
    return {};
}

json webConfigJson(const WebConfig& web) {
    std::vector<std::string> require;
    if (web.auth.require_metrics) {
        require.push_back("metrics");
    }
    if (web.auth.require_api) {
        require.push_back("api");
    }
    if (web.auth.require_healthz) {
        require.push_back("healthz");
    }
    json users = json::object();
    for (const auto& [user, hash] : web.auth.user_hashes) {
        users[user] = hash;
    }
    return {{"api_listen", web.api_listen.text()},
            {"max_connections", web.limits.max_connections},
            {"read_timeout_seconds", web.limits.read_timeout.count()},
            {"write_timeout_seconds", web.limits.write_timeout.count()},
            {"keep_alive_timeout_seconds", web.limits.keep_alive_timeout.count()},
            {"tls",
             {{"cert_file", web.tls.cert_file},
              {"key_file", web.tls.key_file},
              {"client_ca_file", web.tls.client_ca_file}}},
            {"auth", {{"tokens", web.auth.token_hashes}, {"users", users}, {"require", require}}},
            {"cors", {{"origins", web.cors.origins}}}};
}

}  // namespace sysmetrics
