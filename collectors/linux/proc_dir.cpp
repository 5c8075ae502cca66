#include "collectors/linux/proc_dir.h"

#include <cerrno>
#include <cstring>

#include "base/linux/unique_fd.h"

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

std::string_view readWhole(int fd, char* buffer, std::size_t size, int& error) {
    const ssize_t n = pread(fd, buffer, size, 0);
    error = n < 0 ? errno : static_cast<std::size_t>(n) >= size ? E2BIG : 0;
    return error == 0 ? std::string_view(buffer, static_cast<std::size_t>(n)) : std::string_view();
}

int ProcDir::open(std::uint32_t pid, const char* file, int& error) const {
    char path[64];
    const int fd = openat(fd_.get(), procPath(pid, file, path), O_RDONLY | O_CLOEXEC);
    error = fd < 0 ? errno : 0;
    return fd;
}

std::string_view ProcDir::read(std::uint32_t pid, const char* file, char* buffer, std::size_t size,
                               int& error) const {
    const UniqueFd fd(open(pid, file, error));
    return fd.ok() ? readWhole(fd.get(), buffer, size, error) : std::string_view();
}

}  // namespace sysmetrics
