#pragma once
// The files a configuration makes the service read (config, TLS key, certificates) or write (log),
// each checked against base/file_security.h at start and at every reload (audit W01).

#include <string>
#include <vector>

#include "base/file_security.h"
#include "config/config.h"

namespace sysmetrics {

// The files a configuration makes the service read or write, each with what it is for.
struct ConfiguredFile {
    std::string what;  // "config file", "TLS key", "log file", ...
    std::string path;
    bool written = false;  // the log: when it does not exist yet, its folder is what is checked
};
std::vector<ConfiguredFile> configuredFiles(const Config& config);

}  // namespace sysmetrics
