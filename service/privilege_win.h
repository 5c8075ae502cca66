#pragma once

#include <string>

namespace sysmetrics {

// Enables SeDebugPrivilege on our token, so more processes can be opened. Never fatal.
// Returns "enabled", "not_held" (the account lacks it), or "failed: <call and error>".
std::string enableDebugPrivilege();

}  // namespace sysmetrics
