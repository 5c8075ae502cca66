#include "collectors/collector_status.h"

#include <algorithm>
#include <cstdio>

namespace sysmetrics {

namespace {
constexpr double kStaleGraceSeconds = 10;
}

const char* collectorStateName(CollectorState state) {
    switch (state) {
        case CollectorState::pending:
            return "pending";
        case CollectorState::ok:
            return "ok";
        case CollectorState::failing:
            return "failing";
        case CollectorState::unsupported:
            return "unsupported";
    }
    return "unknown";
}

double collectorAgeSeconds(const CollectorStatus& status, double steady_now) {
    if (status.last_success_steady > 0) {
        return steady_now - status.last_success_steady;
    }
    if (status.running_since_steady > 0) {
        return steady_now - status.running_since_steady;
    }
    return -1;
}

double currentIntervalSeconds(const CollectorStatus& status) {
    return status.idle ? status.idle_interval_seconds
                       : std::max(status.interval_seconds, status.paced_seconds);
}

std::string unhealthyReason(const CollectorStatus& status, double steady_now) {
    if (status.state == CollectorState::unsupported) {
        return "";
    }
    const double age = collectorAgeSeconds(status, steady_now);
    const bool stale = age > 3 * currentIntervalSeconds(status) + kStaleGraceSeconds;
    char seconds[64];
    std::snprintf(seconds, sizeof seconds, "%.0f", age);
    if (status.last_success_steady <= 0) {
        if (status.state == CollectorState::failing) {
            return status.name + ": never succeeded: " + status.last_error;
        }
        if (stale) {
            return status.name + ": first collection still running after " + seconds +
                   "s (hung in an OS call?)";
        }
        return status.name + ": no collection finished yet";
    }
    if (stale) {
        std::string reason = status.name + ": last success " + seconds + "s ago";
        if (!status.last_error.empty()) {
            reason += ": " + status.last_error;
        }
        return reason;
    }
    return "";
}

}  // namespace sysmetrics
