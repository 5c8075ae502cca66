#include "service/start_checks.h"

#include "http/server/server.h"
#include "service/logging.h"

namespace sysmetrics {

ConfigStatus checkStartable(const Config& config) {
    if (auto tls = checkServerOptions(ServerOptions{config.web.tls, config.web.limits});
        !tls.ok()) {
        return ConfigError{tls.error().describe()};
    }
    if (!config.log_file.empty()) {
        if (auto log = checkLogFile(config.log_file); !log.ok()) {
            return ConfigError{log.error().describe()};
        }
    }
    return {};
}

}  // namespace sysmetrics
