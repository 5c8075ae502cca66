#include "service/start_checks.h"

#include "http/server/server.h"

namespace sysmetrics {

ConfigStatus checkStartable(const Config& config) {
    if (auto tls = checkServerOptions(ServerOptions{config.web.tls, config.web.limits});
        !tls.ok()) {
        return ConfigError{tls.error().describe()};
    }
    return {};
}

}  // namespace sysmetrics
