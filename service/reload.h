#pragma once

#include "base/config_error.h"
#include "config/command_line.h"
#include "service/app.h"

namespace sysmetrics {

// Reads the configuration again the way the service started (same file, same flags) and applies
// it. An invalid file or a listen address that cannot be bound is rejected, with what was wrong:
// the running configuration keeps serving.
ConfigStatus reloadConfiguration(App& app, const CommandLine& line,
                                 const std::string& default_config_path);

}  // namespace sysmetrics
