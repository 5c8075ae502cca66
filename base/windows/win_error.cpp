#include "base/windows/win_error.h"

namespace sysmetrics::win {

Error winError(DWORD code, std::string where) {
    ErrorCode kind = ErrorCode::os_error;
    switch (code) {
        case ERROR_ACCESS_DENIED:
        case ERROR_PRIVILEGE_NOT_HELD:
            kind = ErrorCode::access_denied;
            break;
        case ERROR_FILE_NOT_FOUND:
        case ERROR_PATH_NOT_FOUND:
        case ERROR_NOT_FOUND:
        case ERROR_SERVICE_DOES_NOT_EXIST:
            kind = ErrorCode::not_found;
            break;
        case ERROR_NOT_SUPPORTED:
        case ERROR_CALL_NOT_IMPLEMENTED:
        case ERROR_PROC_NOT_FOUND:
            kind = ErrorCode::unsupported;
            break;
        case ERROR_PARTIAL_COPY:
        case ERROR_INSUFFICIENT_BUFFER:
        case ERROR_MORE_DATA:
            kind = ErrorCode::transient;
            break;
        default:
            break;
    }
    return Error{kind, static_cast<std::int64_t>(code), std::move(where)};
}

std::string toUtf8(const wchar_t* text, int length) {
    if (text == nullptr || length == 0) {
        return {};
    }
    const int size = ::WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
    if (size <= 0) {
        return {};
    }
    std::string out(static_cast<std::size_t>(size), '\0');
    ::WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), size, nullptr, nullptr);
    if (length < 0 && !out.empty() && out.back() == '\0') {
        out.pop_back();
    }
    return out;
}

std::wstring toWide(const std::string& text) {
    if (text.empty()) {
        return {};
    }
    const int size =
        ::MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    if (size <= 0) {
        return {};
    }
    std::wstring out(static_cast<std::size_t>(size), L'\0');
    ::MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), size);
    return out;
}

}  // namespace sysmetrics::win
