#pragma once

#include <string>

#include "base/file_security.h"
#include "base/result.h"

namespace sysmetrics {

// The owner and DACL of a file or folder (GetNamedSecurityInfoW), as the portable model.
Result<FileSecurity> readFileSecurity(const std::string& path);

// The SID of the account this process runs as ("S-1-5-18" for LocalSystem).
std::string currentAccountSid();

// Creates `folder` if needed and gives it kDataFolderSddl (owner, protected DACL; children
// inherit it).
Status<> secureDataFolder(const std::string& folder);

}  // namespace sysmetrics
