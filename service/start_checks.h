#pragma once

#include "base/config_error.h"
#include "config/config.h"

namespace sysmetrics {

// What the start would find wrong with `config` beyond the config file itself, found by the
// start's own checks where they have no side effect: the web TLS files loaded as a certificate
// and its key; the log file opened for appending (service/logging.h, checkLogFile); remote
// write's queue folder not a file. check-config runs it, so that a configuration it calls valid
// also starts.
ConfigStatus checkStartable(const Config& config);

}  // namespace sysmetrics
