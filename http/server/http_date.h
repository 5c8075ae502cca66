#pragma once

#include <string>

namespace sysmetrics {

// An IMF-fixdate (RFC 9110 5.6.7) for the Date and Last-Modified headers:
// "Sun, 06 Nov 1994 08:49:37 GMT". Pure arithmetic, so no locale or time zone can change it.
std::string httpDate(double unix_seconds);

}  // namespace sysmetrics
