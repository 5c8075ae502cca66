#include "config/connection_settings.h"

#include "config/config_json.h"

namespace sysmetrics {

ConfigStatus ConnectionSettings::apply(const std::string& key, const nlohmann::json& value,
                                       const std::string& origin, const std::string& path) {
    if (key == "per_process") {
        return readBool(per_process, value, origin, path);
    }
    if (key == "state_counts") {
        return readBool(state_counts, value, origin, path);
    }
    return unknownKey(origin, path, keys());
}

}  // namespace sysmetrics
