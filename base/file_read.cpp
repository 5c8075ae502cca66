#include "base/file_read.h"

#include <cerrno>
#include <cstdio>
#include <memory>

#include "base/fault_injection.h"

namespace sysmetrics {

Result<std::string> readTextFile(const std::string& path) {
    if (isApiMissingForTesting(path)) {
        return Error{ErrorCode::not_found, ENOENT, "open " + path};
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
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
