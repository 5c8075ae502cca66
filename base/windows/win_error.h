#pragma once

#include <windows.h>

#include <string>

#include "base/result.h"

namespace sysmetrics::win {

// Maps a Win32 error code to our Error, naming the call that failed.
Error winError(DWORD code, std::string where);

// The same for GetLastError() right after the failing call.
inline Error lastError(std::string where) {
    return winError(::GetLastError(), std::move(where));
}

// UTF-16 (Windows) to UTF-8 (everything we publish).
std::string toUtf8(const wchar_t* text, int length = -1);
std::wstring toWide(const std::string& text);

}  // namespace sysmetrics::win
