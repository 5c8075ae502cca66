#pragma once

#include <windows.h>

#include <string>

#include "base/result.h"

namespace sysmetrics::win {

// A REG_SZ value under HKEY_LOCAL_MACHINE as UTF-8; the error names RegGetValueW and the value.
Result<std::string> readMachineRegistryString(const wchar_t* key, const wchar_t* value);
// The same, "" when absent or unreadable.
std::string machineRegistryString(const wchar_t* key, const wchar_t* value);
// A REG_DWORD value under HKEY_LOCAL_MACHINE; 0 when absent or unreadable.
DWORD machineRegistryDword(const wchar_t* key, const wchar_t* value);

}  // namespace sysmetrics::win
