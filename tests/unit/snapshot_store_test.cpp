#include "collectors/snapshot_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sysmetrics {

namespace {
struct CounterSection : Section {
    static constexpr const char* kName = "counter";
    int a = 0;
    int b = 0;  // always equal to a: a torn read would show a != b
};

CollectorStatus statusNamed(const std::string& name) {
    CollectorStatus status;
    status.name = name;
    status.state = CollectorState::ok;
    return status;
}
}  // namespace

TEST(SnapshotStore, StartsEmptyAtVersionZero) {
    SnapshotStore store;
    const auto snapshot = store.current();
    EXPECT_EQ(snapshot->version, 0u);
    EXPECT_TRUE(snapshot->sections.empty());
    EXPECT_EQ(snapshot->get<CounterSection>(), nullptr);
}

TEST(SnapshotStore, PublishingMakesANewVersionAndOldSnapshotsStayUnchanged) {
    SnapshotStore store;
    auto first = std::make_shared<CounterSection>();
    first->a = first->b = 1;
    store.publish(statusNamed("counter"), first);
    const auto before = store.current();

    auto second = std::make_shared<CounterSection>();
    second->a = second->b = 2;
    store.publish(statusNamed("counter"), second);
    const auto after = store.current();

    EXPECT_EQ(before->get<CounterSection>()->a, 1);
    EXPECT_EQ(after->get<CounterSection>()->a, 2);
    EXPECT_GT(after->version, before->version);
}

TEST(SnapshotStore, FailedCycleKeepsPreviousDataButUpdatesStatus) {
    SnapshotStore store;
    auto data = std::make_shared<CounterSection>();
    data->a = data->b = 5;
    store.publish(statusNamed("counter"), data);
    CollectorStatus failed = statusNamed("counter");
    failed.state = CollectorState::failing;
    failed.last_error = "boom";
    store.publish(failed, nullptr);
    const auto snapshot = store.current();
    EXPECT_EQ(snapshot->get<CounterSection>()->a, 5);
    EXPECT_EQ(snapshot->status.at("counter").last_error, "boom");
}

TEST(SnapshotStore, RemoveDropsSectionAndStatus) {
    SnapshotStore store;
    store.publish(statusNamed("counter"), std::make_shared<CounterSection>());
    store.remove("counter");
    EXPECT_TRUE(store.current()->sections.empty());
    EXPECT_TRUE(store.current()->status.empty());
}

TEST(SnapshotStore, ConcurrentReadersNeverSeeATornOrOlderSnapshot) {
    SnapshotStore store;
    std::atomic<bool> done{false};
    std::atomic<int> problems{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 4; r++) {
        readers.emplace_back([&] {
            std::uint64_t last_version = 0;
            while (!done.load()) {
                const auto snapshot = store.current();
                if (snapshot->version < last_version) {
                    problems++;
                }
                last_version = snapshot->version;
                if (auto section = snapshot->get<CounterSection>();
                    section && section->a != section->b) {
                    problems++;
                }
            }
        });
    }
    std::thread other_writer([&] {
        for (int i = 0; i < 2000; i++) {
            store.publish(statusNamed("other"), nullptr);
        }
    });
    for (int i = 0; i < 2000; i++) {
        auto section = std::make_shared<CounterSection>();
        section->a = section->b = i;
        store.publish(statusNamed("counter"), section);
    }
    other_writer.join();
    done = true;
    for (auto& reader : readers) {
        reader.join();
    }
    EXPECT_EQ(problems.load(), 0);
    EXPECT_EQ(store.current()->version, 4000u);
    EXPECT_EQ(store.current()->get<CounterSection>()->a, 1999);
}

}  // namespace sysmetrics
