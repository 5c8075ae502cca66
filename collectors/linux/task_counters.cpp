#include "collectors/linux/task_counters.h"

#include "base/file_read.h"
#include "collectors/system.h"

namespace sysmetrics {

std::optional<TaskCounters> readTaskCounters() {
    const auto stat = readTextFile("/proc/stat");
    const auto loadavg = readTextFile("/proc/loadavg");
    if (!stat.ok() || !loadavg.ok()) {
        return std::nullopt;
    }
    const auto forks = forksFromProcStat(stat.value());
    const auto tasks = threadsFromLoadavg(loadavg.value());
    // 0 cannot be read on a working system: both count at least the reader.
    if (!forks || !tasks || *forks == 0 || *tasks == 0) {
        return std::nullopt;
    }
    return TaskCounters{*forks, *tasks};
}

}  // namespace sysmetrics
