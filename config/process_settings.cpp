#include "config/process_settings.h"

#include "config/config_json.h"

namespace sysmetrics {

using nlohmann::json;

std::vector<std::string> ProcessSettings::keys() {
    return {"per_process", "include", "exclude",        "cmdline_label",   "limit",
            "limit_by",    "threads", "redact_cmdline", "redact_patterns", "process_group_id"};
}

ConfigStatus ProcessSettings::apply(const std::string& key, const json& value,
                                    const std::string& origin, const std::string& path) {
    if (key == "per_process") {
        bool value_read = false;
        ConfigStatus status = readBool(value_read, value, origin, path);
        if (status.ok()) {
            per_process = value_read;
        }
        return status;
    }
    if (key == "include") {
        return readPattern(include, value, origin, path);
    }
    if (key == "exclude") {
        return readPattern(exclude, value, origin, path);
    }
    if (key == "cmdline_label") {
        return readBool(cmdline_label, value, origin, path);
    }
    if (key == "process_group_id") {
        return readBool(process_group_id, value, origin, path);
    }
    if (key == "threads") {
        return readBool(threads, value, origin, path);
    }
    if (key == "redact_cmdline") {
        return readBool(redact_cmdline, value, origin, path);
    }
    if (key == "redact_patterns") {
        std::vector<SafeRegex> patterns;
        if (auto status = readPatternList(patterns, value, origin, path); !status.ok()) {
            return status;
        }
        // Every match is masked, an empty one too: "" or "x*" masked between every character.
        for (const auto& pattern : patterns) {
            if (pattern.canMatchEmpty()) {
                return ConfigError{origin + ": key '" + path + "': pattern '" + pattern.pattern() +
                                   "' can match an empty string, and the mask would go wherever "
                                   "it does (between every character for \"\" or \"x*\"): "
                                   "write a pattern that matches only the text to hide"};
            }
        }
        redact_patterns = std::move(patterns);
        return {};
    }
    if (key == "limit") {
        if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 1000000) {
            return ConfigError{origin + ": key '" + path +
                               "' must be a whole number from 0 (no limit) to 1000000"};
        }
        limit = value.get<std::uint32_t>();
        return {};
    }
    if (key == "limit_by") {
        if (!value.is_string() || (value != "cpu" && value != "memory")) {
            return ConfigError{origin + ": key '" + path + "' must be \"cpu\" or \"memory\""};
        }
        limit_by_memory = value == "memory";
        return {};
    }
    return unknownKey(origin, path, keys());
}

json ProcessSettings::toJson() const {
    return {{"per_process", perProcessSeries()},
            {"include", patternText(include)},
            {"exclude", patternText(exclude)},
            {"cmdline_label", cmdline_label},
            {"limit", limit},
            {"limit_by", limit_by_memory ? "memory" : "cpu"},
            {"threads", threads},
            {"redact_cmdline", redact_cmdline},
            {"redact_patterns", patternTexts(redact_patterns)},
            {"process_group_id", process_group_id}};
}

}  // namespace sysmetrics
