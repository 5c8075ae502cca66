#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "collectors/read_cadence.h"

namespace sysmetrics {

// How a reader uses a collector's data.
enum class ReadKind {
    poll,    // reads the data as it is now (a scrape, a REST request): paces the collector
    stream,  // takes every collection (remote write, the history): keeps it at its interval
};

// Who reads which collector's data, so a collector whose data nobody reads can slow down, and
// one read at a steady period can collect once per read. Readers (the HTTP side) note each
// section they answer from; the scheduler asks when and how a section is read, and is woken by
// each read.
class ReadDemand {
public:
    using Clock = ReadClock;

    // A reader used `name`'s data now: wakes its collector's waker.
    void noteRead(const std::string& name, ReadKind kind = ReadKind::poll);
    std::optional<Clock::time_point> lastRead(const std::string& name) const;
    // The steady period of `name`'s polls now (steadyCadence), none while something also
    // streams its data (a stream read within two periods).
    std::optional<ReadCadence> cadence(const std::string& name) const;

    // The scheduler's hook for `name`, called outside any lock of ours; empty to remove it.
    void setWaker(const std::string& name, std::function<void()> wake);

private:
    struct Entry {
        std::optional<Clock::time_point> last_read;
        std::deque<Clock::time_point> polls;  // the last kCadenceReads, oldest first
        std::optional<Clock::time_point> last_stream;
        std::function<void()> wake;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace sysmetrics
