#pragma once

#include <chrono>

namespace sysmetrics {

// Seconds since the Unix epoch, as a double (the unit Prometheus and our JSON use).
inline double wallSeconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Seconds on a clock that never steps (steady_clock), for ages and intervals: a wall clock set
// forward or back must not make data look stale or fresh.
inline double steadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace sysmetrics
