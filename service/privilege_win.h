#pragma once

#include <string>

namespace sysmetrics {

// Enables privilege `name` (L"SeProfileSingleProcessPrivilege") on our token. Never fatal.
// Returns "enabled", "not_held" (the account lacks it), or "failed: <call and error>".
std::string enablePrivilege(const wchar_t* name);

// SeDebugPrivilege, so more processes can be opened.
std::string enableDebugPrivilege();

}  // namespace sysmetrics
