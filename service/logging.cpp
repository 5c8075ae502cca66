#include "service/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <system_error>
#include <vector>

#include "base/error_from.h"
#include "base/existing_path.h"

#ifdef _WIN32
#include <windows.h>

#include <spdlog/sinks/win_eventlog_sink.h>

#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#else
#include <fcntl.h>
#include <unistd.h>

#include "base/linux/unique_fd.h"
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

namespace fs = std::filesystem;

Error logFileError(const std::string& path, ErrorCode code, std::int64_t os_code,
                   std::string detail) {
    return Error{code, os_code, "log file '" + path + "'", std::move(detail)};
}

// The OS's error `code` (GetLastError on Windows, errno elsewhere), taken at once after the
// failed call, and what could not be done.
#ifdef _WIN32
Error osLogFileError(const std::string& path, DWORD code, const std::string& what) {
    Error error = win::winError(code, "log file '" + path + "'");
#else
Error osLogFileError(const std::string& path, int code, const std::string& what) {
    Error error =
        errorFrom(std::error_code(code, std::generic_category()), "log file '" + path + "'");
#endif
    error.detail = what + (error.detail.empty() ? "" : ": " + error.detail);
    return error;
}

// Opens the existing file at `file` for appending, and closes it: nothing is written. Without
// waiting: a FIFO no one reads fails at once (ENXIO) rather than holding the start.
Status<> openForAppend(const fs::path& file, const std::string& path, [[maybe_unused]] bool fifo) {
#ifdef _WIN32
    const win::UniqueKernelHandle handle(::CreateFileW(
        file.c_str(), FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!handle.valid()) {
        return osLogFileError(path, ::GetLastError(), "cannot be opened for appending");
    }
#else
    const UniqueFd fd(
        ::open(file.c_str(), O_WRONLY | O_APPEND | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!fd.ok()) {
        const int code = errno;
        return osLogFileError(
            path, code,
            fifo && code == ENXIO ? "is a FIFO no one reads" : "cannot be opened for appending");
    }
#endif
    return {};
}

// Creates `entry` (which does not exist) as an empty file and removes it again.
Status<> createAndRemove(const fs::path& entry, const std::string& path) {
    const std::string what = "cannot be created in '" + entry.parent_path().u8string() + "'";
#ifdef _WIN32
    // Deleted when the handle closes.
    const win::UniqueKernelHandle handle(
        ::CreateFileW(entry.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                      FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, nullptr));
    if (!handle.valid()) {
        return osLogFileError(path, ::GetLastError(), what);
    }
#else
    const UniqueFd fd(
        ::open(entry.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0600));
    if (!fd.ok()) {
        return osLogFileError(path, errno, what);
    }
    ::unlink(entry.c_str());
#endif
    return {};
}

}  // namespace

Status<> checkLogFile(const std::string& path) {
    fs::path file;
    try {
        file = fs::u8path(path);
    } catch (const std::exception&) {
        return logFileError(path, ErrorCode::invalid_data, 0, "is not a UTF-8 path");
    }
    std::error_code ec;
    const fs::file_status status = fs::status(file, ec);
    if (fs::is_directory(status)) {
        return logFileError(path, ErrorCode::invalid_data, 0, "is a directory");
    }
    if (fs::exists(status)) {
        return openForAppend(file, path, fs::is_fifo(status));
    }
    // Not there yet: spdlog creates it, and the folders missing on its way. The nearest folder
    // that exists must take a new entry: the one it would get.
    const fs::path found = nearestExisting(file.parent_path());
    const fs::path folder = found.empty() ? fs::path(".") : found;
    const fs::path entry =
        folder / *(found.empty() ? file : file.lexically_relative(found)).begin();
    if (!fs::is_directory(folder, ec)) {
        return logFileError(path, ErrorCode::invalid_data, 0,
                            "cannot be created: '" + folder.u8string() + "' is not a folder");
    }
    return createAndRemove(entry, path);
}

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
        if (auto usable = checkLogFile(config.log_file); !usable.ok()) {
            return usable.error();
        }
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
