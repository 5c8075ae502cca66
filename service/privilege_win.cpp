#include "service/privilege_win.h"

#include <windows.h>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"

namespace sysmetrics {

std::string enablePrivilege(const wchar_t* name) {
    HANDLE raw = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &raw)) {
        return "failed: " + win::lastError("OpenProcessToken").describe();
    }
    win::UniqueKernelHandle token(raw);
    TOKEN_PRIVILEGES privileges{};
    privileges.PrivilegeCount = 1;
    privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    if (!::LookupPrivilegeValueW(nullptr, name, &privileges.Privileges[0].Luid)) {
        return "failed: " + win::lastError("LookupPrivilegeValueW").describe();
    }
    if (!::AdjustTokenPrivileges(token.get(), FALSE, &privileges, sizeof privileges, nullptr,
                                 nullptr)) {
        return "failed: " + win::lastError("AdjustTokenPrivileges").describe();
    }
    // AdjustTokenPrivileges succeeds even when it assigned nothing; only this tells.
    if (::GetLastError() == ERROR_NOT_ALL_ASSIGNED) {
        return "not_held";
    }
    return "enabled";
}

std::string enableDebugPrivilege() {
    return enablePrivilege(L"SeDebugPrivilege");
}

}  // namespace sysmetrics
