#pragma once

#include <string>

namespace sysmetrics {

// Where the service looks for its configuration when --config is not given: under the
// ProgramData known folder on Windows, /etc/sysmetrics on Linux.
std::string defaultConfigPath();

// Where the textfile collector reads *.prom files when no directory is configured:
// %ProgramData%\sysmetrics\textfile on Windows, /var/lib/sysmetrics/textfile on Linux.
std::string defaultTextfileDirectory();

}  // namespace sysmetrics
