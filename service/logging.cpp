#include "service/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <vector>

namespace sysmetrics {

namespace {
constexpr std::size_t kLogFileBytes = 10 * 1024 * 1024;
constexpr std::size_t kLogFiles = 3;
}  // namespace

Result<bool> setupLogging(const Config& config, LogTarget target) {
    std::vector<spdlog::sink_ptr> sinks;
    if (target == LogTarget::console) {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    }
    if (!config.log_file.empty()) {
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                config.log_file, kLogFileBytes, kLogFiles));
        } catch (const spdlog::spdlog_ex& e) {
            return Error{ErrorCode::os_error, 0, "log file '" + config.log_file + "': " + e.what()};
        }
    }
    auto logger = std::make_shared<spdlog::logger>("sysmetrics", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::from_str(config.log_level));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    return true;
}

}  // namespace sysmetrics
