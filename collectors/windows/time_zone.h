#pragma once

#include <string>

#include "base/result.h"

namespace sysmetrics::win {

// The time zone's registry key name ("W. Europe Standard Time"): TimeZoneKeyName of
// GetDynamicTimeZoneInformation, English on every display language. windows_exporter's
// windows_time_timezone (and the older windows_os_timezone) label.
Result<std::string> timeZoneKeyName();

}  // namespace sysmetrics::win
