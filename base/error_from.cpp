#include "base/error_from.h"

namespace sysmetrics {

namespace {

ErrorCode kindOf(const std::error_code& error) {
    // Compared as std::errc, which matches the system category's equivalents on both platforms.
    if (error == std::errc::permission_denied || error == std::errc::operation_not_permitted) {
        return ErrorCode::access_denied;
    }
    if (error == std::errc::no_such_file_or_directory) {
        return ErrorCode::not_found;
    }
    if (error == std::errc::not_supported || error == std::errc::function_not_supported) {
        return ErrorCode::unsupported;
    }
    if (error == std::errc::resource_unavailable_try_again || error == std::errc::interrupted ||
        error == std::errc::device_or_resource_busy) {
        return ErrorCode::transient;
    }
    return ErrorCode::os_error;
}

}  // namespace

Error errorFrom(const std::error_code& error, std::string where) {
    return Error{kindOf(error), error.value(), std::move(where), error.message()};
}

}  // namespace sysmetrics
