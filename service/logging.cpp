#include "service/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <vector>

#ifdef _WIN32
#include <windows.h>

#include <spdlog/sinks/win_eventlog_sink.h>

#include "base/windows/win_error.h"
#endif

namespace sysmetrics {

namespace {
constexpr std::size_t kLogFileBytes = 10 * 1024 * 1024;
constexpr std::size_t kLogFiles = 3;

// On Windows spdlog is built with wide file names (SPDLOG_WCHAR_FILENAMES,
// cmake/dependencies.cmake): the narrow ones would be read in the ANSI code page, and a non-ASCII
// log_file would fail.
spdlog::filename_t logFileName(const std::string& utf8) {
#ifdef _WIN32
    return win::toWide(utf8);
#else
    return utf8;
#endif
}
}  // namespace

Status<> setupLogging(const Config& config, LogTarget target) {
    std::vector<spdlog::sink_ptr> sinks;
    if (target == LogTarget::console) {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    }
#ifdef _WIN32
    // A service has no console: the Application event log is where admins look. The source
    // "sysmetrics" is registered by `sysmetrics install` and the MSI, with our exe's message
    // table (event id 1000 = "%1"), so Event Viewer shows the text. It reaches ReportEventW as
    // UTF-16 (SPDLOG_WCHAR_TO_UTF8_SUPPORT): ReportEventA would read our UTF-8 in the ANSI code
    // page, and non-ASCII paths and names would show garbled.
    if (target == LogTarget::service) {
        auto events = std::make_shared<spdlog::sinks::win_eventlog_sink_mt>("sysmetrics", 1000);
        events->set_level(spdlog::level::info);  // debug and trace would flood the event log
        sinks.push_back(events);
    }
#endif
    if (!config.log_file.empty()) {
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                logFileName(config.log_file), kLogFileBytes, kLogFiles));
        } catch (const spdlog::spdlog_ex& e) {
            return Error{ErrorCode::os_error, 0, "log file '" + config.log_file + "'", e.what()};
        }
    }
    auto logger = std::make_shared<spdlog::logger>("sysmetrics", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::from_str(config.log_level));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    return {};
}

}  // namespace sysmetrics
