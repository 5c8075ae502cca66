#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "config/file_trust.h"
#include "service/file_trust_check.h"

namespace sysmetrics {

namespace {

// The portable model from the mode bits: root plays SYSTEM, the root group Administrators.
std::string uidSid(uid_t uid) {
    return uid == 0 ? kSidLocalSystem : "uid " + std::to_string(uid);
}

std::optional<FileSecurity> readModeSecurity(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return std::nullopt;
    }
    FileSecurity security;
    security.owner_sid = uidSid(info.st_uid);
    if (info.st_mode & S_IWGRP) {
        security.entries.push_back(
            {true, info.st_gid == 0 ? kSidAdministrators : "gid " + std::to_string(info.st_gid),
             kFileWriteData, false});
    }
    if (info.st_mode & S_IWOTH) {
        security.entries.push_back({true, kSidEveryone, kFileWriteData, false});
    }
    return security;
}

}  // namespace

ConfigStatus checkConfiguredFileTrust(const Config& config) {
    const std::string self = uidSid(::geteuid());
    for (const auto& file : configuredFiles(config)) {
        std::string checked = file.path;
        auto security = readModeSecurity(checked);
        if (!security && file.written) {
            checked = std::filesystem::path(file.path).parent_path().string();
            security = readModeSecurity(checked.empty() ? "." : checked);
        }
        if (!security) {
            continue;  // reported by whatever reads it
        }
        if (auto reason = untrustedReason(checked, *security, self)) {
            return ConfigError{"refusing to use the " + file.what + " " + *reason};
        }
    }
    return {};
}

}  // namespace sysmetrics
