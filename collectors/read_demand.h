#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sysmetrics {

// Who reads which collector's data, so a collector whose data nobody reads can slow down.
// Readers (the HTTP side) note each section they answer from; the scheduler asks when a
// section was last read, and is woken by a read of a section that idles.
class ReadDemand {
public:
    using Clock = std::chrono::steady_clock;

    // A reader used `name`'s data now: wakes its collector if that one idles.
    void noteRead(const std::string& name);
    std::optional<Clock::time_point> lastRead(const std::string& name) const;

    // The scheduler's hook for `name`, called outside any lock of ours; empty to remove it.
    void setWaker(const std::string& name, std::function<void()> wake);

private:
    struct Entry {
        std::optional<Clock::time_point> last_read;
        std::function<void()> wake;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace sysmetrics
