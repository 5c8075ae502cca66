#include "config/service_settings.h"

#include "config/config_json.h"

namespace sysmetrics {

ConfigStatus ServiceSettings::apply(const std::string& key, const nlohmann::json& value,
                                    const std::string& origin, const std::string& path) {
    if (key == "include") {
        return readPattern(include, value, origin, path);
    }
    if (key == "exclude") {
        return readPattern(exclude, value, origin, path);
    }
    return unknownKey(origin, path, keys());
}

nlohmann::json ServiceSettings::toJson() const {
    return {{"include", patternText(include)}, {"exclude", patternText(exclude)}};
}

}  // namespace sysmetrics
