#include "collectors/windows/time_zone.h"

#include <windows.h>

#include "base/windows/win_error.h"

namespace sysmetrics::win {

Result<std::string> timeZoneKeyName() {
    DYNAMIC_TIME_ZONE_INFORMATION zone{};
    if (::GetDynamicTimeZoneInformation(&zone) == TIME_ZONE_ID_INVALID) {
        return lastError("GetDynamicTimeZoneInformation");
    }
    std::string name = toUtf8(zone.TimeZoneKeyName);
    if (name.empty()) {
        return Error{ErrorCode::not_found, 0, "GetDynamicTimeZoneInformation",
                     "no TimeZoneKeyName"};
    }
    return name;
}

}  // namespace sysmetrics::win
