#include "base/windows/file_security.h"

#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"

namespace sysmetrics {

namespace {

struct LocalFreeDeleter {
    void operator()(void* memory) const { ::LocalFree(memory); }
};
using LocalMemory = std::unique_ptr<void, LocalFreeDeleter>;

std::string sidText(PSID sid) {
    LPWSTR text = nullptr;
    if (!sid || !::ConvertSidToStringSidW(sid, &text)) {
        return std::string();
    }
    LocalMemory owned(text);
    return win::toUtf8(text);
}

}  // namespace

Result<FileSecurity> readFileSecurity(const std::string& path) {
    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const DWORD error =
        ::GetNamedSecurityInfoW(win::toWide(path).c_str(), SE_FILE_OBJECT,
                                OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                                nullptr, &dacl, nullptr, &descriptor);
    if (error != ERROR_SUCCESS) {
        return win::winError(error, "GetNamedSecurityInfoW('" + path + "')");
    }
    LocalMemory owned(descriptor);
    FileSecurity security;
    security.owner_sid = sidText(owner);
    security.null_dacl = dacl == nullptr;
    for (DWORD i = 0; dacl && i < dacl->AceCount; i++) {
        void* raw = nullptr;
        if (!::GetAce(dacl, i, &raw)) {
            continue;
        }
        const auto* header = static_cast<const ACE_HEADER*>(raw);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE &&
            header->AceType != ACCESS_DENIED_ACE_TYPE) {
            continue;  // object and callback ACEs do not occur on files
        }
        // Both types share the layout: header, mask, then the SID.
        const auto* ace = static_cast<const ACCESS_ALLOWED_ACE*>(raw);
        AccessEntry entry;
        entry.allow = header->AceType == ACCESS_ALLOWED_ACE_TYPE;
        entry.mask = ace->Mask;
        entry.inherit_only = (header->AceFlags & INHERIT_ONLY_ACE) != 0;
        entry.sid = sidText(const_cast<DWORD*>(&ace->SidStart));
        security.entries.push_back(entry);
    }
    return security;
}

std::string currentAccountSid() {
    HANDLE raw = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &raw)) {
        return std::string();
    }
    win::UniqueKernelHandle token(raw);
    DWORD bytes = 0;
    ::GetTokenInformation(token.get(), TokenUser, nullptr, 0, &bytes);
    std::vector<std::uint8_t> buffer(bytes);
    if (bytes == 0 ||
        !::GetTokenInformation(token.get(), TokenUser, buffer.data(), bytes, &bytes)) {
        return std::string();
    }
    return sidText(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid);
}

Status<> secureDataFolder(const std::string& folder) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::u8path(folder), ec);
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(
            win::toWide(kDataFolderSddl).c_str(), SDDL_REVISION_1, &descriptor, nullptr)) {
        return win::lastError("ConvertStringSecurityDescriptorToSecurityDescriptorW");
    }
    LocalMemory owned(descriptor);
    BOOL present = FALSE, defaulted = FALSE;
    PACL dacl = nullptr;
    PSID owner = nullptr;
    ::GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted);
    ::GetSecurityDescriptorOwner(descriptor, &owner, &defaulted);
    std::wstring wide = win::toWide(folder);
    // Protected: ProgramData's inheritable grants (Users may add files) stop here. The new
    // inheritable entries reach the files already in the folder too.
    const DWORD error =
        ::SetNamedSecurityInfoW(wide.data(), SE_FILE_OBJECT,
                                OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
                                    PROTECTED_DACL_SECURITY_INFORMATION,
                                owner, nullptr, dacl, nullptr);
    if (error != ERROR_SUCCESS) {
        return win::winError(error, "SetNamedSecurityInfoW('" + folder + "')");
    }
    return {};
}

}  // namespace sysmetrics
