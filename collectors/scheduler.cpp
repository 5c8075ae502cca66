#include "collectors/scheduler.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include <spdlog/spdlog.h>

#include "base/clock.h"

namespace sysmetrics {

struct Scheduler::Worker {
    ScheduledCollector spec;
    std::shared_ptr<SnapshotStore> store;
    CollectorStatus status;

    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    bool demanded = false;                 // a read arrived while idle
    bool part_demanded = false;            // a read of an optional part the last cycle left out
    std::set<std::string> parts_gathered;  // the optional parts asked of the current cycle
    bool paced = false;                    // the next collection is planned for a read that is due
    bool replan = false;                   // a read arrived while paced: plan again
    bool respecified = false;              // interval or collector changed by a reload
    bool collector_swapped = false;
    bool finished = false;
    std::condition_variable finished_cv;

    void run();
    // Returns false when the worker was stopped meanwhile and must publish nothing.
    bool record(Result<SectionPtr> result, double started, double seconds);
    // Whether nobody read this collector's data lately (never idle without an idle interval).
    bool nobodyReads() const;
    // When to collect next to have fresh data for a read that is due, if the collector follows
    // its readers now (never while it idles or fails).
    std::optional<ReadClock::time_point> pacedNext(ReadClock::time_point started,
                                                   ReadClock::duration took) const;
    void onRead();
    void onPartRead(const std::string& part);
    // Tells `collector` which of its optional parts were read lately, and remembers them.
    void askForParts(Collector& collector);
};

std::chrono::milliseconds idleAfter(std::chrono::milliseconds interval) {
    return std::max<std::chrono::milliseconds>(interval * 4, std::chrono::minutes(5));
}

namespace {

bool readWithin(const ReadDemand& demand, const std::string& name,
                std::chrono::milliseconds window) {
    const auto last = demand.lastRead(name);
    return last && ReadDemand::Clock::now() - *last <= window;
}

}  // namespace

bool Scheduler::Worker::nobodyReads() const {
    if (spec.idle_interval.count() <= 0) {
        return false;
    }
    const auto after = spec.idle_after.count() > 0 ? spec.idle_after : idleAfter(spec.interval);
    return !readWithin(store->demand(), status.name, after);
}

std::optional<ReadClock::time_point> Scheduler::Worker::pacedNext(ReadClock::time_point started,
                                                                  ReadClock::duration took) const {
    if (!spec.pace_to_readers || status.idle || status.consecutive_failures > 0 ||
        status.state == CollectorState::unsupported) {
        return std::nullopt;
    }
    return pacedCollection(started, took, spec.interval, store->demand().cadence(status.name));
}

void Scheduler::Worker::askForParts(Collector& collector) {
    std::set<std::string> wanted;
    const auto window = spec.idle_after.count() > 0 ? spec.idle_after : idleAfter(spec.interval);
    for (const auto& part : collector.optionalParts()) {
        if (readWithin(store->demand(), part, window)) {
            wanted.insert(part);
        }
    }
    {
        std::lock_guard<std::mutex> lock(mutex);
        part_demanded = false;
        parts_gathered = wanted;
    }
    collector.setWantedParts(wanted);
}

void Scheduler::Worker::onPartRead(const std::string& part) {
    std::lock_guard<std::mutex> lock(mutex);
    if (parts_gathered.count(part) == 0 && !part_demanded) {
        part_demanded = true;
        wake.notify_all();
    }
}

void Scheduler::Worker::onRead() {
    std::lock_guard<std::mutex> lock(mutex);
    if (status.idle && !demanded) {
        demanded = true;
        wake.notify_all();
    } else if (paced && !replan) {
        // A read that was not due (a second reader, a person) ends the pacing at the next plan.
        replan = true;
        wake.notify_all();
    }
}

namespace {

Result<SectionPtr> collectGuarded(Collector& collector) {
    try {
        return collector.collect();
    } catch (const std::exception& e) {
        return Error{ErrorCode::os_error, 0, collector.name() + " collect",
                     std::string("threw: ") + e.what()};
    } catch (...) {
        return Error{ErrorCode::os_error, 0, collector.name() + " collect",
                     "threw a non-standard exception"};
    }
}

}  // namespace

bool Scheduler::Worker::record(Result<SectionPtr> result, double started, double seconds) {
    std::lock_guard<std::mutex> lock(mutex);
    if (stopping) {
        return false;
    }
    status.runs_total++;
    status.last_attempt = started;
    status.running_since_steady = 0;
    status.duration_seconds = seconds;
    try {
        status.notes = spec.collector->notes();
    } catch (...) {
        status.notes.clear();
    }
    const CollectorState before = status.state;
    status.idle = nobodyReads();
    if (const auto last = store->demand().lastRead(status.name)) {
        status.last_read =
            wallSeconds() - std::chrono::duration<double>(ReadDemand::Clock::now() - *last).count();
    }
    SectionPtr section;
    if (result.ok() && result.value()) {
        section = std::move(result.value());
        status.state = CollectorState::ok;
        status.last_success = section->collected_at > 0 ? section->collected_at : wallSeconds();
        status.last_success_steady = steadySeconds();
        status.last_error.clear();
        status.consecutive_failures = 0;
    } else {
        const Error error = result.ok() ? Error{ErrorCode::invalid_data, 0,
                                                status.name + " collect", "returned no data"}
                                        : result.error();
        status.state = error.code == ErrorCode::unsupported ? CollectorState::unsupported
                                                            : CollectorState::failing;
        status.last_error = error.describe();
        status.failures_total++;
        status.consecutive_failures++;
    }
    // Log changes of state, not every failure, so a failing source cannot flood the log.
    if (status.state != before) {
        if (status.state == CollectorState::ok && before == CollectorState::failing) {
            spdlog::info("collector {} recovered", status.name);
        } else if (status.state == CollectorState::failing) {
            spdlog::warn("collector {} failing: {}", status.name, status.last_error);
        } else if (status.state == CollectorState::unsupported) {
            spdlog::info("collector {} unsupported here: {}", status.name, status.last_error);
        }
    }
    status.paced_seconds = 0;
    if (const auto cadence = store->demand().cadence(status.name);
        cadence && pacedNext(ReadClock::now(), ReadClock::duration::zero())) {
        status.paced_seconds = std::chrono::duration<double>(cadence->period).count();
    }
    store->publish(status, std::move(section));
    return true;
}

void Scheduler::Worker::run() {
    for (;;) {
        std::shared_ptr<Collector> collector;
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (stopping) {
                break;
            }
            collector = spec.collector;
        }
        const double started = wallSeconds();
        const auto t0 = ReadClock::now();
        askForParts(*collector);
        Result<SectionPtr> result = collectGuarded(*collector);
        const std::chrono::duration<double> took = ReadClock::now() - t0;
        if (!record(std::move(result), started, took.count())) {
            break;
        }
        std::unique_lock<std::mutex> lock(mutex);
        demanded = false;
        for (;;) {
            const bool woken = [&] {
                if (status.state == CollectorState::unsupported && !collector_swapped) {
                    wake.wait(lock, [this] { return stopping || respecified; });
                    return true;
                }
                // Keep the cadence: the collection time counts towards the interval.
                const auto interval = status.idle ? spec.idle_interval : spec.interval;
                auto next = t0 + Scheduler::backoff(interval, status.consecutive_failures);
                const auto paced_next =
                    pacedNext(t0, std::chrono::duration_cast<ReadClock::duration>(took));
                paced = paced_next.has_value();
                if (paced_next) {
                    next = *paced_next;
                }
                return wake.wait_until(lock, next, [this] {
                    return stopping || respecified || demanded || part_demanded || replan;
                });
            }();
            if (!woken || stopping || part_demanded) {
                break;  // part_demanded: the snapshot lacks what was just read, collect it now
            }
            if (replan) {
                replan = false;  // plan again from the reads as they are now
                continue;
            }
            if (demanded) {
                // Read while idle: collect once an ordinary interval has passed since the last.
                demanded = false;
                status.idle = false;
                continue;
            }
            respecified = false;
            if (collector_swapped) {
                collector_swapped = false;
                break;  // new settings: collect with them now
            }
        }
        if (stopping) {
            break;
        }
    }
    std::lock_guard<std::mutex> lock(mutex);
    finished = true;
    finished_cv.notify_all();
}

void Scheduler::setPartWakers(const Collector& collector, const std::shared_ptr<Worker>& worker) {
    for (const auto& part : collector.optionalParts()) {
        if (!worker) {
            store_->demand().setWaker(part, nullptr);
            continue;
        }
        std::weak_ptr<Worker> weak = worker;
        store_->demand().setWaker(part, [weak, part] {
            if (auto alive = weak.lock()) {
                alive->onPartRead(part);
            }
        });
    }
}

Scheduler::Scheduler(std::shared_ptr<SnapshotStore> store) : store_(std::move(store)) {}

Scheduler::~Scheduler() {
    stop();
}

std::chrono::milliseconds Scheduler::backoff(std::chrono::milliseconds interval,
                                             std::uint64_t consecutive_failures) {
    if (consecutive_failures <= 1) {
        return interval;
    }
    const std::uint64_t factor = std::uint64_t{1}
                                 << std::min<std::uint64_t>(consecutive_failures - 1, 3);
    const auto cap = std::max(interval, std::chrono::milliseconds(60000));
    return std::min<std::chrono::milliseconds>(interval * static_cast<long long>(factor), cap);
}

void Scheduler::start(std::vector<ScheduledCollector> collectors) {
    const SnapshotPtr before = store_->current();
    std::vector<std::shared_ptr<Worker>> kept;
    for (auto& worker : workers_) {
        auto wanted = std::find_if(collectors.begin(), collectors.end(), [&](const auto& spec) {
            return spec.collector && spec.collector->name() == worker->status.name;
        });
        std::lock_guard<std::mutex> lock(worker->mutex);
        if (wanted == collectors.end()) {
            worker->stopping = true;  // its thread ends by itself, even if it is stuck now
            worker->wake.notify_all();
            store_->remove(worker->status.name);
            store_->demand().setWaker(worker->status.name, nullptr);
            setPartWakers(*worker->spec.collector, nullptr);
            continue;
        }
        worker->spec.interval = wanted->interval;
        worker->spec.idle_interval = wanted->idle_interval;
        worker->spec.idle_after = wanted->idle_after;
        worker->spec.pace_to_readers = wanted->pace_to_readers;
        worker->status.interval_seconds = std::chrono::duration<double>(wanted->interval).count();
        worker->status.idle_interval_seconds =
            std::chrono::duration<double>(wanted->idle_interval).count();
        if (wanted->settings != worker->spec.settings) {
            setPartWakers(*worker->spec.collector, nullptr);
            setPartWakers(*wanted->collector, worker);
            worker->spec.collector = std::move(wanted->collector);
            worker->spec.settings = std::move(wanted->settings);
            worker->collector_swapped = true;
        }
        worker->respecified = true;
        worker->wake.notify_all();
        store_->publish(worker->status, nullptr);
        wanted->collector.reset();  // taken care of
        kept.push_back(worker);
    }
    workers_ = std::move(kept);
    for (const auto& entry : before->status) {
        const bool wanted = std::any_of(collectors.begin(), collectors.end(), [&](const auto& s) {
            return s.collector && s.collector->name() == entry.first;
        });
        const bool running = std::any_of(workers_.begin(), workers_.end(), [&](const auto& w) {
            return w->status.name == entry.first;
        });
        if (!wanted && !running) {
            store_->remove(entry.first);
        }
    }
    for (auto& spec : collectors) {
        if (spec.collector) {
            launch(std::move(spec), before);
        }
    }
}

void Scheduler::launch(ScheduledCollector spec, const SnapshotPtr& before) {
    auto worker = std::make_shared<Worker>();
    worker->spec = std::move(spec);
    worker->store = store_;
    worker->status.name = worker->spec.collector->name();
    // A collector started again after stop() keeps its history and counters.
    if (auto it = before->status.find(worker->status.name); it != before->status.end()) {
        worker->status = it->second;
    }
    worker->status.interval_seconds = std::chrono::duration<double>(worker->spec.interval).count();
    worker->status.idle_interval_seconds =
        std::chrono::duration<double>(worker->spec.idle_interval).count();
    worker->status.idle = false;
    worker->status.running_since_steady = steadySeconds();
    std::weak_ptr<Worker> weak = worker;
    store_->demand().setWaker(worker->status.name, [weak] {
        if (auto alive = weak.lock()) {
            alive->onRead();
        }
    });
    setPartWakers(*worker->spec.collector, worker);
    store_->publish(worker->status, nullptr);
    // The thread owns a reference, so an abandoned worker outlives the scheduler safely.
    std::thread([worker] { worker->run(); }).detach();
    workers_.push_back(std::move(worker));
}

std::vector<std::string> Scheduler::stop(std::chrono::milliseconds grace) {
    for (auto& worker : workers_) {
        std::lock_guard<std::mutex> lock(worker->mutex);
        worker->stopping = true;
        worker->wake.notify_all();
    }
    const auto deadline = std::chrono::steady_clock::now() + grace;
    std::vector<std::string> abandoned;
    for (auto& worker : workers_) {
        std::unique_lock<std::mutex> lock(worker->mutex);
        if (!worker->finished_cv.wait_until(lock, deadline, [&] { return worker->finished; })) {
            abandoned.push_back(worker->status.name);
        }
    }
    workers_.clear();
    return abandoned;
}

}  // namespace sysmetrics
