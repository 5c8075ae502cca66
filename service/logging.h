#pragma once

#include <string>

#include "base/result.h"
#include "config/config.h"

namespace sysmetrics {

enum class LogTarget { console, service };

// Console mode logs to stderr; a service has no console. A configured log file is added to either,
// once checkLogFile found nothing wrong with it.
Status<> setupLogging(const Config& config, LogTarget target);

// Whether the log file at `path` can be opened for appending as setupLogging opens it, found
// without writing, creating or truncating it: an existing file is opened for appending and
// closed; for one that does not exist yet, the entry setupLogging would create in the nearest
// existing folder (the file, or a missing folder on its way) is created and removed at once. A
// folder, a path through a file, a file that may not be written, and a FIFO no one reads (opening
// it would wait for a reader) are refused, with the path and why. check-config runs it too.
Status<> checkLogFile(const std::string& path);

}  // namespace sysmetrics
