#pragma once

#include <optional>

#include "collectors/task_counters.h"

namespace sysmetrics {

// Both counters read from /proc/stat and /proc/loadavg; nullopt when either cannot be read.
std::optional<TaskCounters> readTaskCounters();

}  // namespace sysmetrics
