#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/linux/unique_fd.h"

namespace sysmetrics {

// An open /proc directory: small per-process files are read relative to it with openat, one
// read and close, into a caller's buffer. Three system calls per file and no allocation, against
// fopen's buffer, fstat and extra reads; this is what a steady process cycle mostly costs.
class ProcDir {
public:
    ProcDir() : fd_(::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {}
    bool ok() const { return fd_.ok(); }
    int fd() const { return fd_.get(); }

    // Reads "<pid>/<file>" into `buffer`; the text read, or an empty view with `error` set to
    // errno. procfs hands a file this small over in one read: a read that fills the buffer is
    // cut short and reported as E2BIG rather than parsed half.
    std::string_view read(std::uint32_t pid, const char* file, char* buffer, std::size_t size,
                          int& error) const;
    // Opens "<pid>/<file>"; a descriptor the caller owns, or -1 with `error` set to errno.
    int open(std::uint32_t pid, const char* file, int& error) const;

private:
    UniqueFd fd_;
};

// The whole text of an open procfs file, read from its start: procfs builds the text afresh
// at offset 0, so a file kept open reads current values. A read that fills the buffer is
// reported as E2BIG, as in ProcDir::read.
std::string_view readWhole(int fd, char* buffer, std::size_t size, int& error);

// "<pid>/<file>" into `out` (at least 48 bytes); returns `out`.
const char* procPath(std::uint32_t pid, const char* file, char* out);

}  // namespace sysmetrics
