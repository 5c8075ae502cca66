#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "collectors/collector_status.h"
#include "collectors/read_demand.h"
#include "collectors/section.h"

namespace sysmetrics {

// An immutable view of everything collected. Readers hold one per request, so a response
// never mixes two versions.
struct Snapshot {
    std::uint64_t version = 0;
    std::map<std::string, SectionPtr> sections;
    std::map<std::string, CollectorStatus> status;

    template <typename T>
    std::shared_ptr<const T> get() const {
        auto it = sections.find(T::kName);
        if (it == sections.end()) {
            return nullptr;
        }
        return std::dynamic_pointer_cast<const T>(it->second);
    }
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

// Holds the current Snapshot. Publishing copies the small map of pointers and swaps one
// shared_ptr under a tiny lock; readers never wait on a collector.
class SnapshotStore {
public:
    SnapshotStore();

    SnapshotPtr current() const;

    // The current snapshot as soon as its version differs from `seen`, or after `timeout`
    // (whatever is current then). For consumers that follow every version (remote write).
    SnapshotPtr waitForNewer(std::uint64_t seen, std::chrono::milliseconds timeout) const;

    // Records a collector's status and, when `section` is non-null, its new data. A failed
    // cycle passes null and keeps the previous data, which its timestamp shows as stale.
    void publish(const CollectorStatus& status, SectionPtr section);

    // Called on the publishing thread, after the snapshot holds it, with each section published
    // (not on failed cycles). For followers of every collection, such as the history.
    using PublishListener = std::function<void(const std::string& collector, const Section&)>;
    void setPublishListener(PublishListener listener);

    // Drops a collector that is no longer enabled.
    void remove(const std::string& name);

    // Where readers note what they read and collectors learn whether anyone does.
    ReadDemand& demand() { return demand_; }

private:
    template <typename Change>
    void update(Change&& change);

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    SnapshotPtr current_;
    std::shared_ptr<const PublishListener> listener_;
    ReadDemand demand_;
};

}  // namespace sysmetrics
