#include "collectors/collector_status.h"

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

std::string unhealthyReason(const CollectorStatus& status, double now) {
    if (status.state == CollectorState::unsupported) {
        return "";
    }
    if (status.last_success <= 0) {
        if (status.state == CollectorState::failing) {
            return status.name + ": never succeeded: " + status.last_error;
        }
        return status.name + ": no collection finished yet";
    }
    const double age = now - status.last_success;
    const double interval = status.idle ? status.idle_interval_seconds : status.interval_seconds;
    if (age > 3 * interval + kStaleGraceSeconds) {
        char text[64];
        std::snprintf(text, sizeof text, "%.0f", age);
        std::string reason = status.name + ": last success " + text + "s ago";
        if (!status.last_error.empty()) {
            reason += ": " + status.last_error;
        }
        return reason;
    }
    return "";
}

}  // namespace sysmetrics
