#pragma once

#include "config/command_line.h"
#include "config/config.h"

namespace sysmetrics {

// install, uninstall, start, stop, status, reload: the Windows service's own subcommands.
// On Linux it explains that systemd manages the service and returns 2.
int runServiceCommand(const CommandLine& line, const Config& config);

}  // namespace sysmetrics
