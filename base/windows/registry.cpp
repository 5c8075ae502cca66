#include "base/windows/registry.h"

#include "base/windows/win_error.h"

namespace sysmetrics::win {

Result<std::string> readMachineRegistryString(const wchar_t* key, const wchar_t* value) {
    const std::string where = "RegGetValueW(HKLM\\" + toUtf8(key) + "\\" + toUtf8(value) + ")";
    DWORD bytes = 0;
    LSTATUS status =
        ::RegGetValueW(HKEY_LOCAL_MACHINE, key, value, RRF_RT_REG_SZ, nullptr, nullptr, &bytes);
    if (status != ERROR_SUCCESS) {
        return winError(static_cast<DWORD>(status), where);
    }
    std::wstring text(bytes / sizeof(wchar_t) + 1, L'\0');
    bytes = static_cast<DWORD>(text.size() * sizeof(wchar_t));
    status =
        ::RegGetValueW(HKEY_LOCAL_MACHINE, key, value, RRF_RT_REG_SZ, nullptr, text.data(), &bytes);
    if (status != ERROR_SUCCESS) {
        return winError(static_cast<DWORD>(status), where);
    }
    return toUtf8(text.c_str());
}

std::string machineRegistryString(const wchar_t* key, const wchar_t* value) {
    auto text = readMachineRegistryString(key, value);
    return text.ok() ? std::move(text).value() : std::string();
}

DWORD machineRegistryDword(const wchar_t* key, const wchar_t* value) {
    DWORD number = 0;
    DWORD bytes = sizeof number;
    if (::RegGetValueW(HKEY_LOCAL_MACHINE, key, value, RRF_RT_REG_DWORD, nullptr, &number,
                       &bytes) != ERROR_SUCCESS) {
        return 0;
    }
    return number;
}

}  // namespace sysmetrics::win
