#include "service/start_checks.h"

#include "http/remote_write/disk_queue.h"
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
    if (config.remote_write.enabled()) {
        const std::string& configured = config.remote_write.queue_directory;
        const std::string directory = configured.empty() ? defaultQueueDirectory() : configured;
        if (auto queue = DiskQueue::checkDirectory(directory); !queue.ok()) {
            return ConfigError{"key 'remote_write.queue.directory' " +
                               std::string(configured.empty() ? "(its default) " : "") + "names '" +
                               directory + "', which " + queue.error().detail};
        }
    }
    return {};
}

}  // namespace sysmetrics
