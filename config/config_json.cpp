#include "config/config_json.h"

namespace sysmetrics {

using nlohmann::json;

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

std::string valueText(const json& value) {
    if (value.is_array() || value.is_object()) {
        return typeName(value);
    }
    constexpr std::size_t kMaxChars = 64;
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() > kMaxChars) {
        std::size_t cut = kMaxChars;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
            cut--;  // not inside a UTF-8 sequence
        }
        text.resize(cut);
        text += "...";
    }
    return text;
}

ConfigError wrongType(const std::string& origin, const std::string& path, const char* expected,
                      const json& got) {
    return ConfigError{origin + ": key '" + path + "' must be " + expected + ", got " +
                       typeName(got)};
}

ConfigError unknownKey(const std::string& origin, const std::string& path,
                       const std::vector<std::string>& known) {
    std::string list;
    for (const auto& key : known) {
        list += (list.empty() ? "" : ", ") + key;
    }
    return ConfigError{origin + ": unknown key '" + path + "' (known: " + list + ")"};
}

ConfigStatus readBool(bool& target, const json& value, const std::string& origin,
                      const std::string& path) {
    if (!value.is_boolean()) {
        return wrongType(origin, path, "true or false", value);
    }
    target = value.get<bool>();
    return {};
}

ConfigStatus readWholeNumber(std::int64_t& target, const json& value, std::int64_t low,
                             std::int64_t high, const std::string& origin,
                             const std::string& path) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < low ||
        value.get<std::int64_t>() > high) {
        return ConfigError{origin + ": key '" + path + "' must be a whole number from " +
                           std::to_string(low) + " to " + std::to_string(high)};
    }
    target = value.get<std::int64_t>();
    return {};
}

ConfigStatus readPattern(std::optional<SafeRegex>& target, const json& value,
                         const std::string& origin, const std::string& path) {
    if (!value.is_string()) {
        return wrongType(origin, path, "a string (a regular expression)", value);
    }
    const std::string pattern = value.get<std::string>();
    if (pattern.empty()) {
        target.reset();
        return {};
    }
    auto compiled = SafeRegex::compile(pattern);
    if (!compiled.ok()) {
        return ConfigError{origin + ": key '" + path + "': " + compiled.error().message};
    }
    target = compiled.value();
    return {};
}

ConfigStatus readPatternList(std::vector<SafeRegex>& target, const json& value,
                             const std::string& origin, const std::string& path) {
    if (!value.is_array()) {
        return wrongType(origin, path, "an array of regular expressions", value);
    }
    std::vector<SafeRegex> patterns;
    for (const auto& item : value) {
        if (!item.is_string()) {
            return wrongType(origin, path + "[]", "a string", item);
        }
        auto compiled = SafeRegex::compile(item.get<std::string>());
        if (!compiled.ok()) {
            return ConfigError{origin + ": key '" + path + "': " + compiled.error().message};
        }
        patterns.push_back(std::move(compiled).value());
    }
    target = std::move(patterns);
    return {};
}

std::string patternText(const std::optional<SafeRegex>& pattern) {
    return pattern ? pattern->pattern() : std::string();
}

std::vector<std::string> patternTexts(const std::vector<SafeRegex>& patterns) {
    std::vector<std::string> texts;
    for (const auto& pattern : patterns) {
        texts.push_back(pattern.pattern());
    }
    return texts;
}

}  // namespace sysmetrics
