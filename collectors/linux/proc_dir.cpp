#include "collectors/linux/proc_dir.h"

#include <cerrno>
#include <cstring>

namespace sysmetrics {

const char* procPath(std::uint32_t pid, const char* file, char* out) {
    char digits[12];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + pid % 10);
        pid /= 10;
    } while (pid > 0);
    char* at = out;
    while (n > 0) {
        *at++ = digits[--n];
    }
    *at++ = '/';
    std::strcpy(at, file);
    return out;
}

std::string_view ProcDir::read(std::uint32_t pid, const char* file, char* buffer, std::size_t size,
                               int& error) const {
    char path[64];
    error = 0;
    const int fd = openat(fd_, procPath(pid, file, path), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        return {};
    }
    const ssize_t n = ::read(fd, buffer, size);
    error = n < 0 ? errno : static_cast<std::size_t>(n) >= size ? E2BIG : 0;
    close(fd);
    return error == 0 ? std::string_view(buffer, static_cast<std::size_t>(n)) : std::string_view();
}

}  // namespace sysmetrics
