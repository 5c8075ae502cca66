#include "collectors/snapshot_store.h"

#include <utility>

namespace sysmetrics {

SnapshotStore::SnapshotStore() : current_(std::make_shared<const Snapshot>()) {}

SnapshotPtr SnapshotStore::current() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
}

SnapshotPtr SnapshotStore::waitForNewer(std::uint64_t seen,
                                        std::chrono::milliseconds timeout) const {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return current_->version != seen; });
    return current_;
}

template <typename Change>
void SnapshotStore::update(Change&& change) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto next = std::make_shared<Snapshot>(*current_);
        next->version = current_->version + 1;
        change(*next);
        current_ = std::move(next);
    }
    changed_.notify_all();
}

void SnapshotStore::publish(const CollectorStatus& status, SectionPtr section) {
    std::shared_ptr<const PublishListener> listener;
    update([&](Snapshot& next) {
        next.status[status.name] = status;
        if (section) {
            next.sections[status.name] = section;
            listener = listener_;
        }
    });
    if (listener) {
        (*listener)(status.name, *section);
    }
}

void SnapshotStore::setPublishListener(PublishListener listener) {
    auto shared = listener ? std::make_shared<const PublishListener>(std::move(listener)) : nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    listener_ = std::move(shared);
}

void SnapshotStore::remove(const std::string& name) {
    update([&](Snapshot& next) {
        next.status.erase(name);
        next.sections.erase(name);
    });
}

}  // namespace sysmetrics
