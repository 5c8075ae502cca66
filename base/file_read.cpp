#include "base/file_read.h"

#include <cerrno>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>

#include "base/fault_injection.h"

namespace sysmetrics {

namespace {

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

}  // namespace

Result<std::string> readTextFile(const std::string& path) {
    if (isApiMissingForTesting(path)) {
        return Error{ErrorCode::not_found, ENOENT, "open " + path};
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(openForReading(path), &std::fclose);
    if (!file) {
        const int err = errno;
        const ErrorCode code = err == ENOENT                   ? ErrorCode::not_found
                               : err == EACCES || err == EPERM ? ErrorCode::access_denied
                                                               : ErrorCode::os_error;
        return Error{code, err, "open " + path};
    }
    std::string text;
    char buffer[8192];
    for (;;) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
        text.append(buffer, n);
        if (n < sizeof buffer) {
            if (std::ferror(file.get())) {
                return Error{ErrorCode::os_error, errno, "read " + path};
            }
            break;
        }
    }
    return text;
}

}  // namespace sysmetrics
