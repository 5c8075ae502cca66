#pragma once

#include <cstdint>

namespace sysmetrics {

// The kernel's count of tasks ever created (Linux: "processes" in /proc/stat) and of tasks now
// (the 4th field of /proc/loadavg). While both read as before, no process was created and none
// ended: a creation moves the first, and an end without a creation moves the second.
struct TaskCounters {
    std::uint64_t forks = 0;
    std::uint64_t tasks = 0;
    bool operator==(const TaskCounters& o) const { return forks == o.forks && tasks == o.tasks; }
    bool operator!=(const TaskCounters& o) const { return !(*this == o); }
};

}  // namespace sysmetrics
