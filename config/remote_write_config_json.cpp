#include "config/remote_write_config_json.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "base/file_read.h"
#include "base/text_parse.h"
#include "config/config_json.h"

namespace sysmetrics {

namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr const char* kPrefix = "remote_write.";
constexpr std::uint64_t kMinQueueBytes = 4096;

ConfigError keyError(const std::string& origin, const std::string& path, const std::string& why) {
    return ConfigError{origin + ": key '" + path + "' " + why};
}

ConfigStatus readSeconds(const std::string& origin, const std::string& path, const json& field,
                         double low, double high, milliseconds& out) {
    if (!field.is_number() || !std::isfinite(field.get<double>()) || field.get<double>() < low ||
        field.get<double>() > high) {
        return keyError(
            origin, path,
            "must be a number of seconds from " + json(low).dump() + " to " + json(high).dump());
    }
    out = milliseconds(static_cast<long long>(std::llround(field.get<double>() * 1000)));
    return {};
}

ConfigStatus readString(const std::string& origin, const std::string& path, const json& field,
                        const char* expected, std::string& out) {
    if (!field.is_string()) {
        return wrongType(origin, path, expected, field);
    }
    out = field.get<std::string>();
    return {};
}

// A secret or certificate file must be readable when the config is loaded, and read as the config
// file itself is (base/file_read.h): a FIFO there waited forever for a writer, /dev/zero was read
// until memory ran out.
// A token file must hold the token: an empty one (or only whitespace) sent "Bearer " and nothing.
ConfigStatus checkReadable(const std::string& origin, const std::string& path,
                           const std::string& file, const char* kind, bool needs_text) {
    if (file.empty()) {
        return {};
    }
    auto content = readConfiguredFile(file, kind);
    if (!content.ok()) {
        const Error& error = content.error();
        return keyError(origin, path,
                        "names '" + file + "', which " + configuredFileFailure(error));
    }
    if (needs_text) {
        if (auto token = bearerTokenFrom(content.value()); !token.ok()) {
            return keyError(origin, path, "names '" + file + "', which " + token.error().message);
        }
    }
    return {};
}

bool validLabelName(const std::string& name) {
    if (name.empty() || name.rfind("__", 0) == 0 ||
        std::isdigit(static_cast<unsigned char>(name[0]))) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}

ConfigStatus applyBasicAuth(RemoteWriteConfig& out, const std::string& origin, const json& value) {
    const std::string prefix = std::string(kPrefix) + "basic_auth";
    if (!value.is_object()) {
        return wrongType(origin, prefix, "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = prefix + "." + key;
        std::string* target = key == "username"        ? &out.basic_auth_username
                              : key == "password_file" ? &out.basic_auth_password_file
                                                       : nullptr;
        if (target == nullptr) {
            return unknownKey(origin, path, {"username", "password_file"});
        }
        if (auto status = readString(origin, path, field, "a string", *target); !status.ok()) {
            return status;
        }
    }
    return {};
}

ConfigStatus applyTls(RemoteWriteConfig& out, const std::string& origin, const json& value) {
    const std::string prefix = std::string(kPrefix) + "tls";
    if (!value.is_object()) {
        return wrongType(origin, prefix, "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = prefix + "." + key;
        if (key == "insecure_skip_verify") {
            if (auto status = readBool(out.tls_insecure_skip_verify, field, origin, path);
                !status.ok()) {
                return status;
            }
            continue;
        }
        std::string* target = key == "ca_file"     ? &out.tls_ca_file
                              : key == "cert_file" ? &out.tls_cert_file
                              : key == "key_file"  ? &out.tls_key_file
                                                   : nullptr;
        if (target == nullptr) {
            return unknownKey(origin, path,
                              {"ca_file", "cert_file", "key_file", "insecure_skip_verify"});
        }
        if (auto status =
                readString(origin, path, field, "a string (a path to a PEM file)", *target);
            !status.ok()) {
            return status;
        }
    }
    return {};
}

ConfigStatus applyQueue(RemoteWriteConfig& out, const std::string& origin, const json& value) {
    const std::string prefix = std::string(kPrefix) + "queue";
    if (!value.is_object()) {
        return wrongType(origin, prefix, "an object", value);
    }
    for (const auto& [key, field] : value.items()) {
        const std::string path = prefix + "." + key;
        if (key == "directory") {
            if (auto status = readString(origin, path, field, "a string (a folder path)",
                                         out.queue_directory);
                !status.ok()) {
                return status;
            }
        } else if (key == "max_bytes") {
            if (!field.is_number_unsigned() || field.get<std::uint64_t>() < kMinQueueBytes) {
                return keyError(
                    origin, path,
                    "must be a whole number of bytes, at least " + std::to_string(kMinQueueBytes));
            }
            out.queue_max_bytes = field.get<std::uint64_t>();
        } else {
            return unknownKey(origin, path, {"directory", "max_bytes"});
        }
    }
    return {};
}

ConfigStatus applyKey(RemoteWriteConfig& out, const std::string& origin, const std::string& key,
                      const json& field) {
    const std::string path = kPrefix + key;
    if (key == "url") {
        if (auto status = readString(origin, path, field,
                                     "a string such as "
                                     "\"https://prometheus:9090/api/v1/write\" (\"\" = off)",
                                     out.url);
            !status.ok()) {
            return status;
        }
        if (!out.url.empty()) {
            auto url = parseRemoteWriteUrl(out.url);
            if (!url.ok()) {
                return keyError(origin, path, url.error().message);
            }
        }
    } else if (key == "interval_seconds") {
        if (field.is_number() && field.get<double>() == 0) {
            out.interval = milliseconds(0);
            return {};
        }
        return readSeconds(origin, path, field, 0.1, 86400, out.interval);
    } else if (key == "timeout_seconds") {
        return readSeconds(origin, path, field, 0.1, 300, out.timeout);
    } else if (key == "min_backoff_seconds") {
        return readSeconds(origin, path, field, 0.01, 3600, out.min_backoff);
    } else if (key == "max_backoff_seconds") {
        return readSeconds(origin, path, field, 0.01, 3600, out.max_backoff);
    } else if (key == "max_samples_per_request") {
        if (!field.is_number_unsigned() || field.get<std::uint64_t>() < 100 ||
            field.get<std::uint64_t>() > 1000000) {
            return keyError(origin, path, "must be a whole number from 100 to 1000000");
        }
        out.max_samples_per_request = field.get<std::uint64_t>();
    } else if (key == "collectors") {
        if (!field.is_array() ||
            !std::all_of(field.begin(), field.end(), [](const json& v) { return v.is_string(); })) {
            return wrongType(origin, path, "an array of collector names", field);
        }
        out.collectors = field.get<std::vector<std::string>>();
    } else if (key == "labels") {
        if (!field.is_object()) {
            return wrongType(origin, path, "an object of label names to values", field);
        }
        out.labels.clear();
        for (const auto& [name, label_value] : field.items()) {
            if (!validLabelName(name)) {
                return keyError(origin, path + "." + name,
                                "is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not "
                                "starting with __)");
            }
            if (!label_value.is_string() || label_value.get<std::string>().empty()) {
                return keyError(origin, path + "." + name, "must be a non-empty string");
            }
            out.labels[name] = label_value.get<std::string>();
        }
    } else if (key == "bearer_token_file") {
        return readString(origin, path, field, "a string (a path)", out.bearer_token_file);
    } else if (key == "basic_auth") {
        return applyBasicAuth(out, origin, field);
    } else if (key == "tls") {
        return applyTls(out, origin, field);
    } else if (key == "queue") {
        return applyQueue(out, origin, field);
    } else {
        return unknownKey(
            origin, path,
            {"url", "interval_seconds", "collectors", "labels", "max_samples_per_request",
             "timeout_seconds", "min_backoff_seconds", "max_backoff_seconds", "bearer_token_file",
             "basic_auth", "tls", "queue"});
    }
    return {};
}

}  // namespace

ConfigStatus applyRemoteWriteJson(RemoteWriteConfig& remote_write, const std::string& origin,
                                  const json& value) {
    if (!value.is_object()) {
        return wrongType(origin, "remote_write", "an object", value);
    }
    RemoteWriteConfig out = remote_write;
    for (const auto& [key, field] : value.items()) {
        if (auto status = applyKey(out, origin, key, field); !status.ok()) {
            return status;
        }
    }
    if (out.min_backoff > out.max_backoff) {
        return ConfigError{origin +
                           ": key 'remote_write.min_backoff_seconds' must not exceed "
                           "'remote_write.max_backoff_seconds'"};
    }
    if (!out.bearer_token_file.empty() && !out.basic_auth_password_file.empty()) {
        return ConfigError{origin +
                           ": keys 'remote_write.bearer_token_file' and "
                           "'remote_write.basic_auth' exclude each other: use one"};
    }
    if (out.basic_auth_username.empty() != out.basic_auth_password_file.empty()) {
        return ConfigError{origin +
                           ": keys 'remote_write.basic_auth.username' and "
                           "'remote_write.basic_auth.password_file' go together"};
    }
    if (out.tls_cert_file.empty() != out.tls_key_file.empty()) {
        return ConfigError{origin +
                           ": keys 'remote_write.tls.cert_file' and 'remote_write.tls.key_file' "
                           "go together: set both for a client certificate, or neither"};
    }
    constexpr const char* kSecret = "a secret file";
    constexpr const char* kCertificate = "a certificate or key file";
    const std::tuple<const char*, const std::string*, const char*, bool> files[] = {
        {"remote_write.bearer_token_file", &out.bearer_token_file, kSecret, true},
        {"remote_write.basic_auth.password_file", &out.basic_auth_password_file, kSecret, false},
        {"remote_write.tls.ca_file", &out.tls_ca_file, kCertificate, false},
        {"remote_write.tls.cert_file", &out.tls_cert_file, kCertificate, false},
        {"remote_write.tls.key_file", &out.tls_key_file, kCertificate, false},
    };
    for (const auto& [path, file, kind, needs_text] : files) {
        if (auto status = checkReadable(origin, path, *file, kind, needs_text); !status.ok()) {
            return status;
        }
    }
    remote_write = std::move(out);
    return {};
}

ConfigStatus checkRemoteWriteConfig(const Config& config, const std::string& origin) {
    for (const auto& name : config.remote_write.collectors) {
        if (config.collectors.count(name) == 0) {
            std::string known;
            for (const auto& known_name : config.knownCollectors()) {
                known += (known.empty() ? "" : ", ") + known_name;
            }
            return ConfigError{origin + ": key 'remote_write.collectors': unknown collector '" +
                               name + "' (known: " + known + ")"};
        }
    }
    return {};
}

json remoteWriteConfigJson(const RemoteWriteConfig& rw) {
    const auto seconds = [](milliseconds ms) { return ms.count() / 1000.0; };
    return {
        {"url", rw.url},
        {"interval_seconds", seconds(rw.interval)},
        {"collectors", rw.collectors},
        {"labels", rw.labels},
        {"max_samples_per_request", rw.max_samples_per_request},
        {"timeout_seconds", seconds(rw.timeout)},
        {"min_backoff_seconds", seconds(rw.min_backoff)},
        {"max_backoff_seconds", seconds(rw.max_backoff)},
        {"bearer_token_file", rw.bearer_token_file},
        {"basic_auth",
         {{"username", rw.basic_auth_username}, {"password_file", rw.basic_auth_password_file}}},
        {"tls",
         {{"ca_file", rw.tls_ca_file},
          {"cert_file", rw.tls_cert_file},
          {"key_file", rw.tls_key_file},
          {"insecure_skip_verify", rw.tls_insecure_skip_verify}}},
        {"queue", {{"directory", rw.queue_directory}, {"max_bytes", rw.queue_max_bytes}}}};
}

}  // namespace sysmetrics
