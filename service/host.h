#pragma once

#include <string>

#include "config/command_line.h"
#include "config/config.h"
#include "http/runtime_info.h"

namespace sysmetrics {

// Implemented once per platform (host_win.cpp, host_linux.cpp).

// Runs the service until it is told to stop; returns the process exit code.
int runService(const Config& config, const CommandLine& line, RuntimeInfo runtime);

}  // namespace sysmetrics
