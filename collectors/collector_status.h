#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sysmetrics {

enum class CollectorState { pending, ok, failing, unsupported };

const char* collectorStateName(CollectorState state);

struct CollectorStatus {
    std::string name;
    double interval_seconds = 0;
    // A collector that may idle (idle_interval_seconds > 0) does while nobody reads its data:
    // it then collects every idle_interval_seconds until the next read.
    double idle_interval_seconds = 0;
    bool idle = false;
    double last_read = 0;  // unix seconds of the last read of its data, 0 = never
    // > 0: its data is polled at this steady period (seconds), and it collects once per poll,
    // shortly before it is due, instead of every interval (ScheduledCollector::pace_to_readers).
    double paced_seconds = 0;
    CollectorState state = CollectorState::pending;
    std::string last_error;
    double last_success = 0;  // unix seconds, 0 = never
    double last_attempt = 0;  // unix seconds, 0 = never
    // The same moments on steadySeconds(), for ages: 0 = never / no collection under way.
    double last_success_steady = 0;
    double running_since_steady = 0;  // a collect() call that has not returned yet
    double duration_seconds = 0;
    std::uint64_t runs_total = 0;
    std::uint64_t failures_total = 0;
    std::uint64_t consecutive_failures = 0;
    std::vector<std::string> notes;
};

// Seconds since the last success, or since a collect() that has not returned began (a hung
// first collection), at `steady_now` (steadySeconds()); negative when neither.
double collectorAgeSeconds(const CollectorStatus& status, double steady_now);

// The interval the collector works to now: its idle interval while it idles, else its interval
// (or the readers' pace, when that is longer).
double currentIntervalSeconds(const CollectorStatus& status);

// Why a collector makes the service unhealthy at `steady_now` (steadySeconds()), or "" when it
// does not. Stale means no success within three intervals (idle ones while it idles) plus a
// grace period.
std::string unhealthyReason(const CollectorStatus& status, double steady_now);

}  // namespace sysmetrics
