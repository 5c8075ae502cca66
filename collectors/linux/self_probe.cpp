#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <memory>

#include "base/file_read.h"
#include "collectors/process.h"
#include "collectors/self.h"

namespace sysmetrics {

namespace {

Result<SelfSection> readSelf() {
    auto text = readTextFile("/proc/self/stat");
    if (!text.ok()) {
        return text.error();
    }
    const auto stat = parseProcStat(text.value());
    if (!stat) {
        return Error{ErrorCode::invalid_data, 0, "/proc/self/stat"};
    }
    SelfSection self;
    self.resident_bytes = static_cast<std::uint64_t>(stat->rss_pages) *
                          static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    self.cpu_seconds =
        static_cast<double>(stat->utime + stat->stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    self.threads = stat->num_threads;
    std::unique_ptr<DIR, int (*)(DIR*)> fds(opendir("/proc/self/fd"), &closedir);
    if (fds) {
        std::uint64_t count = 0;
        while (const dirent* entry = readdir(fds.get())) {
            count += entry->d_name[0] != '.';
        }
        self.os_handles = count > 0 ? count - 1 : 0;  // less the descriptor reading the directory
    }
    return self;
}

}  // namespace

std::unique_ptr<SectionSource<SelfSection>> makeSelfSource() {
    return std::make_unique<StatelessSource<SelfSection>>(&readSelf);
}

}  // namespace sysmetrics
