#include "collectors/read_demand.h"

namespace sysmetrics {

void ReadDemand::noteRead(const std::string& name, ReadKind kind) {
    std::function<void()> wake;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Entry& entry = entries_[name];
        const auto now = Clock::now();
        entry.last_read = now;
        if (kind == ReadKind::stream) {
            entry.last_stream = now;
        } else if (entry.polls.empty() || now - entry.polls.back() >= kSameRead) {
            entry.polls.push_back(now);
            if (entry.polls.size() > kCadenceReads) {
                entry.polls.pop_front();
            }
        }
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

std::optional<ReadCadence> ReadDemand::cadence(const std::string& name) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(name);
    if (it == entries_.end()) {
        return std::nullopt;
    }
    const auto now = Clock::now();
    auto cadence = steadyCadence(it->second.polls, now);
    if (cadence && it->second.last_stream && now - *it->second.last_stream <= 2 * cadence->period) {
        return std::nullopt;
    }
    return cadence;
}

void ReadDemand::setWaker(const std::string& name, std::function<void()> wake) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_[name].wake = std::move(wake);
}

}  // namespace sysmetrics
