#pragma once

#include <optional>
#include <string>

#include "config/config.h"

namespace sysmetrics {

// The first file of `config` (config, TLS files, log) that someone other than SYSTEM,
// Administrators or this process's own account owns or may write, with the reason; checked at
// start and at every reload. Windows reads each file's security descriptor; Linux checks nothing
// yet (the service runs as its own user there).
std::optional<std::string> untrustedConfiguredFile(const Config& config);

}  // namespace sysmetrics
