#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "collectors/collector.h"
#include "collectors/snapshot_store.h"

namespace sysmetrics {

struct ScheduledCollector {
    std::shared_ptr<Collector> collector;
    std::chrono::milliseconds interval{5000};
    // What the collector was made from (its part of the configuration). A restart (a reload)
    // with the same name and settings keeps the running collector and its state (such as the
    // previous CPU sample); different settings swap in the new collector on the same thread.
    std::string settings{};
    // > 0: while nobody has read this collector's data for idleAfter(interval), collect only
    // this often; a read wakes it (its data is then collected once an interval has passed since
    // the last collection, and at the interval while reads go on).
    std::chrono::milliseconds idle_interval{0};
    std::chrono::milliseconds idle_after{0};  // 0: idleAfter(interval)
    // While its data is polled at a steady period of two intervals or more (a Prometheus
    // scraping), collect once per poll, shortly before it is due (read_cadence.h).
    bool pace_to_readers = true;
};

// How long without a read before a collector that may idle does: four intervals, and never
// less than five minutes, so a Prometheus scraping every minute or two keeps it active.
std::chrono::milliseconds idleAfter(std::chrono::milliseconds interval);

// Runs each collector on its own thread and interval. A collector that throws or fails is
// recorded and backed off; it never delays the others. A collector stuck in an OS call does not
// block stop(): its thread is abandoned and publishes nothing afterwards. start() again (a
// reload) keeps the thread of every collector still wanted, even a stuck one: threads stay one
// per collector however often the configuration is reloaded.
class Scheduler {
public:
    explicit Scheduler(std::shared_ptr<SnapshotStore> store);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    void start(std::vector<ScheduledCollector> collectors);

    // Threads running collectors now (abandoned ones not counted).
    std::size_t threadCount() const { return workers_.size(); }

    // Stops every worker, waiting up to `grace` in total; returns the names of those abandoned.
    std::vector<std::string> stop(
        std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

    // The delay before the next attempt after `consecutive_failures` failures in a row.
    static std::chrono::milliseconds backoff(std::chrono::milliseconds interval,
                                             std::uint64_t consecutive_failures);

private:
    struct Worker;
    void launch(ScheduledCollector spec, const SnapshotPtr& before);
    // Wakes `worker` on reads of the collector's optional parts; null removes those wakers.
    void setPartWakers(const Collector& collector, const std::shared_ptr<Worker>& worker);
    std::shared_ptr<SnapshotStore> store_;
    std::vector<std::shared_ptr<Worker>> workers_;
};

}  // namespace sysmetrics
