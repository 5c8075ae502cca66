#include "collectors/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "base/clock.h"

namespace sysmetrics {

namespace {

using namespace std::chrono_literals;

struct FakeSection : Section {
    int run = 0;
};

class FakeCollector : public Collector {
public:
    FakeCollector(std::string name, std::function<Result<SectionPtr>(int)> body)
        : name_(std::move(name)), body_(std::move(body)) {}
    std::string name() const override { return name_; }
    Result<SectionPtr> collect() override { return body_(++calls_); }
    int calls() const { return calls_.load(); }

private:
    std::string name_;
    std::function<Result<SectionPtr>(int)> body_;
    std::atomic<int> calls_{0};
};

Result<SectionPtr> goodSection(int run) {
    auto section = std::make_shared<FakeSection>();
    section->run = run;
    section->collected_at = wallSeconds();
    return SectionPtr(section);
}

// Waits (bounded) until `condition` holds on the current snapshot.
bool eventually(const SnapshotStore& store, std::function<bool(const Snapshot&)> condition,
                std::chrono::milliseconds limit = 3000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition(*store.current())) {
            return true;
        }
        std::this_thread::sleep_for(5ms);
    }
    return false;
}

// A gate a collector can be held at, released by the test.
struct Gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool open = false;
    void wait() {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [this] { return open; });
    }
    void release() {
        std::lock_guard<std::mutex> lock(mutex);
        open = true;
        cv.notify_all();
    }
};

}  // namespace

TEST(Scheduler, RunsACollectorRepeatedlyAndPublishesItsSection) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto good = std::make_shared<FakeCollector>("good", goodSection);
    scheduler.start({{good, 20ms}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        auto it = s.status.find("good");
        return it != s.status.end() && it->second.runs_total >= 3;
    }));
    const auto snapshot = store->current();
    const CollectorStatus& status = snapshot->status.at("good");
    EXPECT_EQ(status.state, CollectorState::ok);
    EXPECT_GT(status.last_success, 0);
    EXPECT_EQ(status.failures_total, 0u);
    EXPECT_NE(snapshot->sections.at("good"), nullptr);
    scheduler.stop();
}

TEST(Scheduler, AThrowingCollectorIsRecordedAndDoesNotDisturbOthers) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto thrower = std::make_shared<FakeCollector>(
        "thrower", [](int) -> Result<SectionPtr> { throw std::runtime_error("probe exploded"); });
    auto good = std::make_shared<FakeCollector>("good", goodSection);
    scheduler.start({{thrower, 20ms}, {good, 20ms}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        return s.status.count("good") && s.status.at("good").runs_total >= 5;
    }));
    const auto snapshot = store->current();
    const CollectorStatus& failing = snapshot->status.at("thrower");
    EXPECT_EQ(failing.state, CollectorState::failing);
    EXPECT_NE(failing.last_error.find("probe exploded"), std::string::npos);
    EXPECT_GE(failing.failures_total, 1u);
    EXPECT_EQ(snapshot->sections.count("thrower"), 0u);
    EXPECT_EQ(snapshot->status.at("good").state, CollectorState::ok);
    scheduler.stop();
}

TEST(Scheduler, AnErrorValueIsRecordedWithTheFailingCall) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto failing = std::make_shared<FakeCollector>("failing", [](int) -> Result<SectionPtr> {
        return Error{ErrorCode::access_denied, 5, "OpenThing"};
    });
    scheduler.start({{failing, 20ms}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        return s.status.count("failing") && s.status.at("failing").runs_total >= 1;
    }));
    const auto status = store->current()->status.at("failing");
    EXPECT_EQ(status.last_error, "OpenThing: access_denied (os error 5)");
    scheduler.stop();
}

TEST(Scheduler, AHungCollectorDoesNotBlockOthersOrStop) {
    auto store = std::make_shared<SnapshotStore>();
    auto scheduler = std::make_unique<Scheduler>(store);
    auto gate = std::make_shared<Gate>();
    auto hung = std::make_shared<FakeCollector>("hung", [gate](int run) {
        gate->wait();
        return goodSection(run);
    });
    auto good = std::make_shared<FakeCollector>("good", goodSection);
    scheduler->start({{hung, 20ms}, {good, 20ms}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        return s.status.count("good") && s.status.at("good").runs_total >= 5;
    }));
    const auto t0 = std::chrono::steady_clock::now();
    const auto abandoned = scheduler->stop(200ms);
    const auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_EQ(abandoned, std::vector<std::string>{"hung"});
    EXPECT_LT(took, 1500ms);
    const auto version_after_stop = store->current()->version;
    scheduler.reset();
    gate->release();  // the abandoned thread finishes its call and must publish nothing
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(store->current()->version, version_after_stop);
    EXPECT_EQ(store->current()->status.at("hung").runs_total, 0u);
}

// Issue 18: each reload made a new thread for every collector, so a hung one leaked a thread per
// reload, and a new collector object lost its state (the previous CPU sample).
TEST(Scheduler, RestartKeepsTheRunningCollectorAndItsThreadEvenWhenHung) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto gate = std::make_shared<Gate>();
    std::atomic<int> hung_entered{0};
    const auto makeHung = [&] {
        return std::make_shared<FakeCollector>("hung", [gate, &hung_entered](int run) {
            hung_entered++;
            gate->wait();
            return goodSection(run);
        });
    };
    auto stateful = std::make_shared<FakeCollector>("cpu", goodSection);
    scheduler.start({{makeHung(), 20ms, ""}, {stateful, 20ms, "a"}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        return s.status.count("cpu") && s.status.at("cpu").runs_total >= 2;
    }));
    std::vector<std::shared_ptr<FakeCollector>> replacements;
    for (int i = 0; i < 10; i++) {
        replacements.push_back(std::make_shared<FakeCollector>("cpu", goodSection));
        scheduler.start({{makeHung(), 20ms, ""}, {replacements.back(), 30ms, "a"}});
        EXPECT_EQ(scheduler.threadCount(), 2u);
    }
    const int before = stateful->calls();
    ASSERT_TRUE(eventually(*store, [&](const Snapshot&) { return stateful->calls() > before; }));
    for (const auto& unused : replacements) {
        EXPECT_EQ(unused->calls(), 0);  // same settings: the running collector and its state stay
    }
    EXPECT_EQ(hung_entered.load(), 1);  // no second thread ever entered a hung collect()
    EXPECT_DOUBLE_EQ(store->current()->status.at("cpu").interval_seconds, 0.03);

    // Different settings: the new collector runs, on the same thread.
    auto changed = std::make_shared<FakeCollector>("cpu", goodSection);
    scheduler.start({{makeHung(), 20ms, ""}, {changed, 20ms, "b"}});
    ASSERT_TRUE(eventually(*store, [&](const Snapshot&) { return changed->calls() > 0; }));
    EXPECT_EQ(scheduler.threadCount(), 2u);
    scheduler.stop(100ms);
    gate->release();
}

TEST(Scheduler, AnUnsupportedCollectorIsAskedOnceAndMarked) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto unsupported = std::make_shared<FakeCollector>("battery", [](int) -> Result<SectionPtr> {
        return Error{ErrorCode::unsupported, 0, "no such API"};
    });
    scheduler.start({{unsupported, 10ms}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        return s.status.count("battery") && s.status.at("battery").runs_total == 1;
    }));
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(unsupported->calls(), 1);
    const auto status = store->current()->status.at("battery");
    EXPECT_EQ(status.state, CollectorState::unsupported);
    EXPECT_EQ(unhealthyReason(status, wallSeconds()), "");
    scheduler.stop();
}

TEST(Scheduler, BackoffDoublesUpToEightTimesTheInterval) {
    EXPECT_EQ(Scheduler::backoff(1000ms, 0), 1000ms);
    EXPECT_EQ(Scheduler::backoff(1000ms, 1), 1000ms);
    EXPECT_EQ(Scheduler::backoff(1000ms, 2), 2000ms);
    EXPECT_EQ(Scheduler::backoff(1000ms, 3), 4000ms);
    EXPECT_EQ(Scheduler::backoff(1000ms, 4), 8000ms);
    EXPECT_EQ(Scheduler::backoff(1000ms, 50), 8000ms);
    // Never beyond a minute unless the interval itself is longer.
    EXPECT_EQ(Scheduler::backoff(30000ms, 10), 60000ms);
    EXPECT_EQ(Scheduler::backoff(120000ms, 10), 120000ms);
}

TEST(Scheduler, RestartKeepsCountersOfCollectorsThatStayAndDropsTheOthers) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    scheduler.start({{std::make_shared<FakeCollector>("kept", goodSection), 10ms},
                     {std::make_shared<FakeCollector>("dropped", goodSection), 10ms}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        return s.status.count("kept") && s.status.at("kept").runs_total >= 2;
    }));
    scheduler.start({{std::make_shared<FakeCollector>("kept", goodSection), 1000ms}});
    const auto snapshot = store->current();
    EXPECT_EQ(snapshot->status.count("dropped"), 0u);
    EXPECT_EQ(snapshot->sections.count("dropped"), 0u);
    EXPECT_GE(snapshot->status.at("kept").runs_total, 2u);
    EXPECT_DOUBLE_EQ(snapshot->status.at("kept").interval_seconds, 1.0);
    scheduler.stop();
}

TEST(CollectorHealth, StaleAndNeverSucceededCollectorsAreUnhealthy) {
    CollectorStatus status;
    status.name = "memory";
    status.interval_seconds = 5;
    EXPECT_EQ(unhealthyReason(status, 1000), "memory: no collection finished yet");
    status.state = CollectorState::failing;
    status.last_error = "GlobalMemoryStatusEx: os_error (os error 8)";
    EXPECT_EQ(unhealthyReason(status, 1000),
              "memory: never succeeded: GlobalMemoryStatusEx: os_error (os error 8)");
    status.last_success_steady = 990;
    EXPECT_EQ(unhealthyReason(status, 1000), "");
    EXPECT_NE(unhealthyReason(status, 990 + 26), "");
}

// Ages come from the steady clock: last_success (wall time, for display) does not enter them,
// so a wall clock stepped an hour either way changes nothing.
TEST(CollectorHealth, AgesIgnoreTheWallClock) {
    CollectorStatus status;
    status.name = "cpu";
    status.state = CollectorState::ok;
    status.interval_seconds = 5;
    status.last_success = 1e9;  // an hour "in the future" or "past": not used
    status.last_success_steady = 500;
    EXPECT_DOUBLE_EQ(collectorAgeSeconds(status, 502), 2);
    EXPECT_EQ(unhealthyReason(status, 502), "");
}

TEST(CollectorHealth, AHungFirstCollectionShowsHowLongItHasRun) {
    CollectorStatus status;
    status.name = "disk";
    status.interval_seconds = 5;
    status.running_since_steady = 100;
    EXPECT_EQ(unhealthyReason(status, 101), "disk: no collection finished yet");
    EXPECT_DOUBLE_EQ(collectorAgeSeconds(status, 140), 40);
    EXPECT_EQ(unhealthyReason(status, 140),
              "disk: first collection still running after 40s (hung in an OS call?)");
}

}  // namespace sysmetrics

namespace sysmetrics {

namespace {

CollectorStatus statusOf(const SnapshotStore& store, const std::string& name) {
    const SnapshotPtr snapshot = store.current();
    auto it = snapshot->status.find(name);
    return it == snapshot->status.end() ? CollectorStatus{} : it->second;
}

// The fake collector ran once (at start) and idles: nobody has read its data.
bool ranOnceAndIdles(const SnapshotStore& store) {
    return eventually(store, [](const Snapshot& s) {
        auto it = s.status.find("fake");
        return it != s.status.end() && it->second.runs_total == 1 && it->second.idle;
    });
}

}  // namespace

TEST(SchedulerIdle, UnreadDataIsCollectedOnceThenOnlyAtTheIdleIntervalUntilRead) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto collector = std::make_shared<FakeCollector>("fake", goodSection);
    scheduler.start({ScheduledCollector{collector, 20ms, "", 1h, 1500ms}});
    ASSERT_TRUE(ranOnceAndIdles(*store));
    // Many ordinary intervals pass: an idle collector does not run.
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(collector->calls(), 1);
    EXPECT_EQ(statusOf(*store, "fake").idle_interval_seconds, 3600);
    EXPECT_EQ(statusOf(*store, "fake").last_read, 0);

    // A read wakes it: it collects at once (an interval has passed) and keeps the interval.
    store->demand().noteRead("fake");
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        auto it = s.status.find("fake");
        return it != s.status.end() && it->second.runs_total >= 2 && !it->second.idle;
    }));
    EXPECT_GT(statusOf(*store, "fake").last_read, 0);

    // Nobody reads again: after idle_after it idles once more.
    ASSERT_TRUE(eventually(
        *store, [](const Snapshot& s) { return s.status.at("fake").idle; }, 10000ms));
    const std::uint64_t runs = statusOf(*store, "fake").runs_total;
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(statusOf(*store, "fake").runs_total, runs);
    scheduler.stop();
}

TEST(SchedulerIdle, ACollectorWithoutIdleIntervalIgnoresReadsAndNeverIdles) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto collector = std::make_shared<FakeCollector>("fake", goodSection);
    scheduler.start({ScheduledCollector{collector, 20ms}});
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        auto it = s.status.find("fake");
        return it != s.status.end() && it->second.runs_total >= 5;
    }));
    EXPECT_FALSE(statusOf(*store, "fake").idle);
    scheduler.stop();
}

TEST(SchedulerIdle, AReadSoonAfterACollectionWaitsForTheOrdinaryInterval) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto collector = std::make_shared<FakeCollector>("fake", goodSection);
    scheduler.start({ScheduledCollector{collector, 1h, "", 2h, 1h}});
    ASSERT_TRUE(ranOnceAndIdles(*store));
    store->demand().noteRead("fake");
    std::this_thread::sleep_for(100ms);
    // The data is seconds old, not an interval: no extra collection, no longer idle-paced.
    EXPECT_EQ(collector->calls(), 1);
    scheduler.stop();
}

TEST(CollectorHealth, AnIdleCollectorIsStaleOnlyAfterThreeIdleIntervals) {
    CollectorStatus status;
    status.name = "processes";
    status.state = CollectorState::ok;
    status.interval_seconds = 15;
    status.idle_interval_seconds = 300;
    status.idle = true;
    status.last_success = 1000;
    status.last_success_steady = 1000;
    EXPECT_EQ(unhealthyReason(status, 1000 + 600), "");
    EXPECT_NE(unhealthyReason(status, 1000 + 1000), "");
    status.idle = false;
    EXPECT_NE(unhealthyReason(status, 1000 + 600), "");
}

namespace {

// A collector with one optional part, recording which parts each cycle was asked for.
class PartCollector : public FakeCollector {
public:
    PartCollector() : FakeCollector("fake", goodSection) {}
    std::vector<std::string> optionalParts() const override { return {"fake.extra"}; }
    void setWantedParts(const std::set<std::string>& wanted) override {
        std::lock_guard<std::mutex> lock(mutex_);
        asked_.push_back(wanted.count("fake.extra") > 0);
    }
    std::vector<bool> asked() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return asked_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<bool> asked_;
};

}  // namespace

TEST(SchedulerParts, AnUnreadPartIsNotAskedForAndAReadOfItCollectsWithItAtOnce) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto collector = std::make_shared<PartCollector>();
    scheduler.start({ScheduledCollector{collector, 1h}});  // no cycle by the clock
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        auto it = s.status.find("fake");
        return it != s.status.end() && it->second.runs_total == 1;
    }));
    EXPECT_EQ(collector->asked(), std::vector<bool>{false});

    store->demand().noteRead("fake.extra");
    ASSERT_TRUE(eventually(*store, [](const Snapshot& s) {
        auto it = s.status.find("fake");
        return it != s.status.end() && it->second.runs_total == 2;
    }));
    EXPECT_EQ(collector->asked(), (std::vector<bool>{false, true}));

    // The snapshot has the part now: further reads of it start no cycle (the interval is 1 h).
    store->demand().noteRead("fake.extra");
    store->demand().noteRead("fake.extra");
    EXPECT_EQ(collector->calls(), 2);
    scheduler.stop();
}

}  // namespace sysmetrics

namespace sysmetrics {

TEST(SchedulerPacing, ASteadyReaderGetsAboutOneCollectionPerReadAndItsEndRestoresTheInterval) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto collector = std::make_shared<FakeCollector>("fake", goodSection);
    scheduler.start({ScheduledCollector{collector, 100ms}});
    // A scraper reads every 1.2 s. At its own 100 ms interval the collector would collect 12
    // times between two reads; paced, once. A loaded machine may wake the reader late and
    // break the cadence for a while, so the test looks for a window of four steady reads.
    auto next_read = std::chrono::steady_clock::now();
    const auto deadline = next_read + 60s;
    std::deque<std::uint64_t> runs_at_read;
    bool paced = false;
    while (!paced && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_until(next_read);
        next_read += 1200ms;
        store->demand().noteRead("fake");
        const CollectorStatus status = statusOf(*store, "fake");
        runs_at_read.push_back(status.runs_total);
        if (runs_at_read.size() > 4) {
            runs_at_read.pop_front();
        }
        paced = runs_at_read.size() == 4 && runs_at_read.back() - runs_at_read.front() <= 5 &&
                status.paced_seconds > 1.0 && status.paced_seconds < 1.5;
    }
    ASSERT_TRUE(paced) << "no four reads in a row with about one collection each";

    // The reader stops: within a period and a half the collector is back at its interval.
    const std::uint64_t runs = statusOf(*store, "fake").runs_total;
    EXPECT_TRUE(eventually(
        *store,
        [runs](const Snapshot& s) {
            const auto& status = s.status.at("fake");
            return status.runs_total >= runs + 10 && status.paced_seconds == 0;
        },
        20000ms));
    scheduler.stop();
}

TEST(SchedulerPacing, ACollectorNotPacedToReadersKeepsItsInterval) {
    auto store = std::make_shared<SnapshotStore>();
    Scheduler scheduler(store);
    auto collector = std::make_shared<FakeCollector>("fake", goodSection);
    ScheduledCollector spec{collector, 100ms};
    spec.pace_to_readers = false;
    scheduler.start({spec});
    auto next_read = std::chrono::steady_clock::now();
    std::uint64_t first = 0;
    for (int read = 0; read < 6; ++read) {
        std::this_thread::sleep_until(next_read);
        next_read += 1200ms;
        store->demand().noteRead("fake");
        if (read == 1) {
            first = statusOf(*store, "fake").runs_total;
        }
    }
    const CollectorStatus status = statusOf(*store, "fake");
    EXPECT_EQ(status.paced_seconds, 0);
    // Four periods of 1.2 s at a 100 ms interval: far more than one collection per read, even
    // on a loaded machine.
    EXPECT_GT(status.runs_total - first, 10u);
    scheduler.stop();
}

TEST(CollectorHealth, APacedCollectorIsStaleOnlyAfterThreeReadPeriods) {
    CollectorStatus status;
    status.name = "cpu";
    status.state = CollectorState::ok;
    status.interval_seconds = 5;
    status.paced_seconds = 60;
    status.last_success_steady = 1000;
    EXPECT_EQ(unhealthyReason(status, 1000 + 120), "");
    EXPECT_NE(unhealthyReason(status, 1000 + 200), "");
}

}  // namespace sysmetrics
