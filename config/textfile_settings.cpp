#include "config/textfile_settings.h"

#include "config/config_json.h"

namespace sysmetrics {

using nlohmann::json;

ConfigStatus TextfileSettings::apply(const std::string& key, const json& value,
                                     const std::string& origin, const std::string& path) {
    if (key == "directories") {
        if (!value.is_array()) {
            return wrongType(origin, path, "an array of directory paths ([] = the default)", value);
        }
        std::vector<std::string> listed;
        for (const auto& item : value) {
            if (!item.is_string() || item.get<std::string>().empty()) {
                return ConfigError{origin + ": key '" + path +
                                   "' must hold non-empty directory paths"};
            }
            listed.push_back(item.get<std::string>());
        }
        directories = std::move(listed);
        return {};
    }
    if (key == "max_file_bytes") {
        std::int64_t bytes = 0;
        if (auto status = readWholeNumber(bytes, value, 1, kMaxFileBytesLimit, origin, path);
            !status.ok()) {
            return status;
        }
        max_file_bytes = static_cast<std::uint64_t>(bytes);
        return {};
    }
    return unknownKey(origin, path, keys());
}

json TextfileSettings::toJson() const {
    return {{"directories", directories}, {"max_file_bytes", max_file_bytes}};
}

}  // namespace sysmetrics
