#pragma once

#include "config/command_line.h"
#include "service/app.h"

namespace sysmetrics {

// Reads the configuration again the way the service started (same file, same flags) and applies
// it. An invalid file or a listen address that cannot be bound is logged and rejected: the
// running configuration keeps serving. Returns whether the new one was applied.
bool reloadConfiguration(App& app, const CommandLine& line, const std::string& default_config_path);

}  // namespace sysmetrics
