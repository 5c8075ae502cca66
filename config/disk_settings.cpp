#include "config/disk_settings.h"

#include "config/config_json.h"

namespace sysmetrics {

ConfigStatus DiskSettings::apply(const std::string& key, const nlohmann::json& value,
                                 const std::string& origin, const std::string& path) {
    if (key == "volume_include") {
        return readPattern(volume_include, value, origin, path);
    }
    if (key == "volume_exclude") {
        return readPattern(volume_exclude, value, origin, path);
    }
    return unknownKey(origin, path, keys());
}

nlohmann::json DiskSettings::toJson() const {
    return {{"volume_include", patternText(volume_include)},
            {"volume_exclude", patternText(volume_exclude)}};
}

bool DiskSettings::exports(const std::string& volume) const {
    return (!volume_include || volume_include->search(volume)) &&
           !(volume_exclude && volume_exclude->search(volume));
}

}  // namespace sysmetrics
