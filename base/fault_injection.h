#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sysmetrics {

// Test-only (--fault-missing-api NAME): the named OS entry point (an ntdll export on Windows, a
// /proc or /sys path on Linux) behaves as if this system lacked it, so tests drive the real
// "API missing" paths. Set once at start-up, before any collector runs.
void setMissingApisForTesting(std::vector<std::string> names);
bool isApiMissingForTesting(std::string_view name);

}  // namespace sysmetrics
