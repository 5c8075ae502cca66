#include <windows.h>

#include <filesystem>

#include "base/windows/file_security.h"
#include "config/file_trust.h"
#include "service/file_trust_check.h"

namespace sysmetrics {

ConfigStatus checkConfiguredFileTrust(const Config& config) {
    const std::string self = currentAccountSid();
    for (const auto& file : configuredFiles(config)) {
        auto security = readFileSecurity(file.path);
        std::string checked = file.path;
        if (!security.ok() && file.written) {
            // A log file not created yet: whoever may add files to its folder could plant one
            // (or a link) first.
            checked = std::filesystem::u8path(file.path).parent_path().u8string();
            if (checked.empty()) {
                checked = ".";
            }
            security = readFileSecurity(checked);
        }
        if (!security.ok()) {
            if (security.error().os_code == ERROR_FILE_NOT_FOUND ||
                security.error().os_code == ERROR_PATH_NOT_FOUND) {
                continue;  // reported by whatever reads it, with its own message
            }
            return ConfigError{"refusing to use the " + file.what + " " +
                               security.error().describe()};
        }
        if (auto reason = untrustedReason(checked, security.value(), self)) {
            return ConfigError{"refusing to use the " + file.what + " " + *reason};
        }
    }
    return {};
}

}  // namespace sysmetrics
