#pragma once

#include <windows.h>

#include <string>

namespace sysmetrics::win {

// A REG_SZ value under HKEY_LOCAL_MACHINE as UTF-8; "" when absent or unreadable.
std::string machineRegistryString(const wchar_t* key, const wchar_t* value);

}  // namespace sysmetrics::win
