#include "base/result.h"

namespace sysmetrics {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::access_denied:
            return "access_denied";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::unsupported:
            return "unsupported";
        case ErrorCode::transient:
            return "transient";
        case ErrorCode::os_error:
            return "os_error";
        case ErrorCode::invalid_data:
            return "invalid_data";
    }
    return "unknown";
}

std::string Error::describe() const {
    std::string text = where.empty() ? std::string("error") : where;
    text += ": ";
    text += errorCodeName(code);
    if (os_code != 0) {
        text += " (os error " + std::to_string(os_code) + ")";
    }
    if (!detail.empty()) {
        text += ": " + detail;
    }
    return text;
}

}  // namespace sysmetrics
