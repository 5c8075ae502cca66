#include "base/file_read.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <system_error>

#include "base/fault_injection.h"

#ifndef _WIN32
#include <fcntl.h>

#include "base/linux/unique_fd.h"
#endif

namespace sysmetrics {

namespace {

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Paths are UTF-8. The C runtime's narrow fopen on Windows reads a path in the ANSI code page,
// so a config, key or token file under a non-ASCII name would not be found: open it by its wide
// name there.
std::FILE* openForReading(const std::string& path) {
#ifdef _WIN32
    try {
        return ::_wfopen(std::filesystem::u8path(path).c_str(), L"rb");
    } catch (const std::exception&) {  // not UTF-8
        errno = EINVAL;
        return nullptr;
    }
#else
    return std::fopen(path.c_str(), "rb");
#endif
}

Error openError(const std::string& path, int err) {
    const ErrorCode code = err == ENOENT                   ? ErrorCode::not_found
                           : err == EACCES || err == EPERM ? ErrorCode::access_denied
                                                           : ErrorCode::os_error;
    return Error{code, err, "open " + path};
}

// Appends up to `limit` bytes of `file` to `text`; an error names `path`.
Status<> readInto(std::FILE* file, const std::string& path, std::size_t limit, std::string& text) {
    char buffer[8192];
    while (text.size() < limit) {
        const std::size_t want = std::min(sizeof buffer, limit - text.size());
        const std::size_t n = std::fread(buffer, 1, want, file);
        text.append(buffer, n);
        if (n < want) {
            if (std::ferror(file)) {
                return Error{ErrorCode::os_error, errno, "read " + path};
            }
            break;
        }
    }
    return {};
}

// Opens a file the configuration names without waiting: a FIFO opened for reading would block
// until a writer came (the checks before and after opening turn it away).
std::FILE* openWithoutWaiting(const std::string& path) {
#ifdef _WIN32
    return openForReading(path);  // opening a pipe or a device does not wait on Windows
#else
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!fd.ok()) {
        return nullptr;
    }
    std::FILE* file = ::fdopen(fd.get(), "rb");
    if (file == nullptr) {
        const int err = errno;  // for the caller, past the close
        fd.reset();
        errno = err;
        return nullptr;
    }
    fd.release();  // the FILE closes it
    return file;
#endif
}

// What the open file is: its type and size (0 for anything but a regular file).
bool regularFileSize(std::FILE* file, std::uint64_t& size) {
#ifdef _WIN32
    struct _stat64 info {};
    if (::_fstat64(::_fileno(file), &info) != 0 || (info.st_mode & _S_IFMT) != _S_IFREG) {
        return false;
    }
#else
    struct stat info {};
    if (::fstat(::fileno(file), &info) != 0 || !S_ISREG(info.st_mode)) {
        return false;
    }
#endif
    size = static_cast<std::uint64_t>(info.st_size);
    return true;
}

}  // namespace

Result<std::string> readTextFile(const std::string& path) {
    if (isApiMissingForTesting(path)) {
        return Error{ErrorCode::not_found, ENOENT, "open " + path};
    }
    FilePtr file(openForReading(path), &std::fclose);
    if (!file) {
        return openError(path, errno);
    }
    std::string text;
    if (auto read = readInto(file.get(), path, std::string::npos, text); !read.ok()) {
        return read.error();
    }
    return text;
}

Result<std::string> readConfiguredFile(const std::string& path, const std::string& kind,
                                       std::size_t max_bytes) {
    const auto unusable = [&](std::string detail) {
        return Error{ErrorCode::invalid_data, 0, "open " + path, std::move(detail)};
    };
    const std::string not_regular =
        "is not a regular file (a FIFO, device or socket cannot be " + kind + ")";
    // Looked at before it is opened, so that a FIFO or a device is not even opened; a path that
    // cannot be looked at is left to the open, which says why.
    std::error_code ec;
    std::filesystem::file_status status;
    try {
        status = std::filesystem::status(std::filesystem::u8path(path), ec);
    } catch (const std::exception&) {  // not UTF-8
        return openError(path, EINVAL);
    }
    if (!ec && std::filesystem::is_directory(status)) {
        return unusable("is a directory");
    }
    if (!ec && !std::filesystem::is_regular_file(status)) {
        return unusable(not_regular);
    }
    FilePtr file(openWithoutWaiting(path), &std::fclose);
    if (!file) {
        return openError(path, errno);
    }
    // And again once open: it may have been replaced in between.
    std::uint64_t size = 0;
    if (!regularFileSize(file.get(), size)) {
        return unusable(not_regular);
    }
    if (size > max_bytes) {
        return unusable("is " + std::to_string(size) + " bytes; " + kind + " may have at most " +
                        std::to_string(max_bytes));
    }
    std::string text;
    // Bounded even if the file grows while it is read.
    if (auto read = readInto(file.get(), path, max_bytes + 1, text); !read.ok()) {
        return read.error();
    }
    if (text.size() > max_bytes) {
        return unusable("grew beyond " + std::to_string(max_bytes) + " bytes while read");
    }
    return text;
}

std::string configuredFileFailure(const Error& error) {
    return error.code == ErrorCode::invalid_data ? error.detail
                                                 : "cannot be read: " + error.describe();
}

}  // namespace sysmetrics
