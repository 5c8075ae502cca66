#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "base/clock.h"
#include "collectors/textfile.h"

namespace sysmetrics {

namespace {

Error errnoError(int err, const std::string& where) {
    const ErrorCode code = err == ENOENT                   ? ErrorCode::not_found
                           : err == EACCES || err == EPERM ? ErrorCode::access_denied
                                                           : ErrorCode::os_error;
    return Error{code, err, where};
}

struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

bool hasPromSuffix(const std::string& name) {
    return name.size() > 5 && name.compare(name.size() - 5, 5, ".prom") == 0;
}

double mtimeOf(const struct stat& info) {
    return static_cast<double>(info.st_mtim.tv_sec) +
           static_cast<double>(info.st_mtim.tv_nsec) / 1e9;
}

void readOne(RawTextfile& file, std::uint64_t max_bytes) {
    Fd fd{::open(file.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
    if (fd.fd < 0) {
        file.read_error = "cannot open: " + std::string(std::strerror(errno));
        return;
    }
    struct stat info {};
    if (::fstat(fd.fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        file.read_error = "not a regular file";
        return;
    }
    file.size = static_cast<std::uint64_t>(info.st_size);
    file.mtime = mtimeOf(info);
    if (file.size > max_bytes) {
        file.read_error = textfileTooLarge(file.size, max_bytes);
        return;
    }
    file.content.resize(static_cast<std::size_t>(file.size));
    std::size_t done = 0;
    char extra = 0;
    for (;;) {
        char* target = done < file.content.size() ? &file.content[done] : &extra;
        const std::size_t wanted = done < file.content.size() ? file.content.size() - done : 1;
        const ssize_t n = ::read(fd.fd, target, wanted);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            file.read_error = "read failed: " + std::string(std::strerror(errno));
            return;
        }
        if (n == 0) {
            break;
        }
        if (target == &extra) {
            file.read_error = kTextfileChangedWhileRead;
            return;
        }
        done += static_cast<std::size_t>(n);
    }
    if (done != file.content.size()) {
        file.read_error = kTextfileChangedWhileRead;
    }
}

}  // namespace

Result<std::vector<RawTextfile>> readTextfileDirectory(const std::string& directory,
                                                       std::uint64_t max_bytes,
                                                       const TextfileSkip& skip) {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(directory.c_str()), &::closedir);
    if (!dir) {
        return errnoError(errno, "opendir " + directory);
    }
    std::vector<RawTextfile> files;
    while (const dirent* entry = ::readdir(dir.get())) {
        const std::string name = entry->d_name;
        if (!hasPromSuffix(name)) {
            continue;
        }
        RawTextfile file;
        file.path = directory + (directory.empty() || directory.back() == '/' ? "" : "/") + name;
        struct stat info {};
        const bool listed = ::stat(file.path.c_str(), &info) == 0;
        if (listed && !S_ISREG(info.st_mode)) {
            continue;  // a folder or a pipe named *.prom is not a textfile
        }
        if (listed && skip &&
            skip(file.path, static_cast<std::uint64_t>(info.st_size), mtimeOf(info))) {
            file.size = static_cast<std::uint64_t>(info.st_size);
            file.mtime = mtimeOf(info);
            file.unchanged = true;
        } else {
            file.read_at = wallSeconds();
            readOne(file, max_bytes);
        }
        files.push_back(std::move(file));
    }
    return files;
}

Status<> ensureTextfileDirectory(const std::string& directory) {
    // Each missing level is made 0755 (chmod after mkdir, so the umask cannot narrow it):
    // writers run as the service's user or root; everyone may read what is exported anyway.
    for (std::size_t slash = directory.find('/', 1);; slash = directory.find('/', slash + 1)) {
        const std::string level = directory.substr(0, slash);
        if (::mkdir(level.c_str(), 0755) == 0) {
            if (::chmod(level.c_str(), 0755) != 0) {
                return errnoError(errno, "chmod " + level);
            }
        } else if (errno != EEXIST) {
            return errnoError(errno, "mkdir " + level);
        }
        if (slash == std::string::npos) {
            break;
        }
    }
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0) {
        return errnoError(errno, "stat " + directory);
    }
    if (!S_ISDIR(info.st_mode)) {
        return Error{ErrorCode::invalid_data, ENOTDIR, "stat " + directory, "not a directory"};
    }
    return {};
}

}  // namespace sysmetrics
