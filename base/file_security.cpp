#include "base/file_security.h"

namespace sysmetrics {

namespace {

bool isTrusted(const std::string& sid, const std::string& self_sid) {
    return sid == kSidLocalSystem || sid == kSidAdministrators || sid == kSidTrustedInstaller ||
           (!self_sid.empty() && sid == self_sid);
}

}  // namespace

std::string writeRightsIn(std::uint32_t mask) {
    static const struct {
        std::uint32_t bit;
        const char* name;
    } kRights[] = {{kGenericAll, "GENERIC_ALL"},       {kGenericWrite, "GENERIC_WRITE"},
                   {kFileWriteData, "WRITE_DATA"},     {kFileAppendData, "APPEND_DATA"},
                   {kFileWriteEa, "WRITE_EA"},         {kFileWriteAttributes, "WRITE_ATTRIBUTES"},
                   {kFileDeleteChild, "DELETE_CHILD"}, {kDelete, "DELETE"},
                   {kWriteDac, "WRITE_DAC"},           {kWriteOwner, "WRITE_OWNER"}};
    std::string names;
    for (const auto& right : kRights) {
        if (mask & right.bit) {
            names += (names.empty() ? "" : "|") + std::string(right.name);
        }
    }
    return names;
}

std::optional<std::string> untrustedReason(const std::string& path, const FileSecurity& security,
                                           const std::string& self_sid) {
    if (!isTrusted(security.owner_sid, self_sid)) {
        return "'" + path + "' is owned by " +
               (security.owner_sid.empty() ? std::string("nobody known") : security.owner_sid) +
               ", not by SYSTEM or Administrators";
    }
    if (security.null_dacl) {
        return "'" + path + "' has no DACL, so everyone (" + std::string(kSidEveryone) +
               ") may write it";
    }
    for (const auto& entry : security.entries) {
        if (!entry.allow || entry.inherit_only || isTrusted(entry.sid, self_sid)) {
            continue;
        }
        const std::string rights = writeRightsIn(entry.mask);
        if (!rights.empty()) {
            return "'" + path + "' may be written by " + entry.sid + " (" + rights +
                   "), who is not SYSTEM or an administrator";
        }
    }
    return std::nullopt;
}

}  // namespace sysmetrics
