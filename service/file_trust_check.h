#pragma once

#include "config/config.h"

namespace sysmetrics {

// Refuses the first file of `config` (config, TLS files, log) that someone other than SYSTEM,
// Administrators or this process's own account owns or may write: "refusing to use the <file>
// <reason>". Checked at start and at every reload. Windows reads each file's security descriptor;
// Linux its owner and mode.
ConfigStatus checkConfiguredFileTrust(const Config& config);

}  // namespace sysmetrics
