#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/config_error.h"

namespace sysmetrics {

// Test-only (--fault-missing-api NAME): the named OS entry point (an ntdll export on Windows, a
// /proc or /sys path on Linux) behaves as if this system lacked it, so tests drive the real
// "API missing" paths. Set once at start-up, before any collector runs.
void setMissingApisForTesting(std::vector<std::string> names);
bool isApiMissingForTesting(std::string_view name);

// Refuses a `name` that cannot be faked missing (a typo would silently test nothing), saying why;
// it can be one of the ntdll exports we resolve on Windows, a path under /proc or /sys on Linux.
ConfigStatus checkMissingApiName(const std::string& name);

}  // namespace sysmetrics
