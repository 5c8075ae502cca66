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

// Why `name` cannot be faked missing (a typo would silently test nothing), or "" when it can:
// one of the ntdll exports we resolve on Windows; a path under /proc or /sys on Linux.
std::string unknownMissingApi(const std::string& name);

}  // namespace sysmetrics
