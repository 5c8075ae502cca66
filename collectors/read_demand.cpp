#include "collectors/read_demand.h"

namespace sysmetrics {

void ReadDemand::noteRead(const std::string& name) {
    std::function<void()> wake;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Entry& entry = entries_[name];
        entry.last_read = Clock::now();
        wake = entry.wake;
    }
    if (wake) {
        wake();
    }
}

std::optional<ReadDemand::Clock::time_point> ReadDemand::lastRead(const std::string& name) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(name);
    return it == entries_.end() ? std::nullopt : it->second.last_read;
}

void ReadDemand::setWaker(const std::string& name, std::function<void()> wake) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_[name].wake = std::move(wake);
}

}  // namespace sysmetrics
