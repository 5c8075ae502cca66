#pragma once

#include <chrono>

namespace sysmetrics {

// Seconds since the Unix epoch, as a double (the unit Prometheus and our JSON use).
inline double wallSeconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace sysmetrics
