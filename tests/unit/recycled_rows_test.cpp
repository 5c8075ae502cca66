// Issue #20: a table rebuilt every cycle writes over the rows of a section no one holds any more
// (RecycledRows), and only while its cycles come close together (SteadyCycles).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "collectors/recycled_rows.h"
#include "collectors/section.h"
#include "collectors/steady_cycles.h"

namespace sysmetrics {

namespace {

struct TableSection : Section {
    std::vector<std::string> rows;
};

}  // namespace

TEST(RecycledRows, RowsComeBackOnlyOnceTheirLastHolderLetsThemGo) {
    RecycledRows<std::string> recycled;
    std::vector<std::string> storage;
    recycled.offer(&storage);
    auto published = recycled.newSection(&TableSection::rows, true);
    published->rows = {"a", "b", "c"};
    const std::string* memory = published->rows.data();
    std::shared_ptr<const TableSection> reader = published;

    published.reset();  // the store moved on; a reader still holds the section
    recycled.offer(&storage);
    EXPECT_TRUE(storage.empty());
    EXPECT_EQ(reader->rows.size(), 3u);

    reader.reset();  // the last holder
    recycled.offer(&storage);
    EXPECT_EQ(storage, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(storage.data(), memory);  // the same memory, to be written over

    std::vector<std::string> again{"kept"};
    recycled.offer(&again);  // nothing came back since: the storage stays as it was
    EXPECT_EQ(again, std::vector<std::string>{"kept"});
}

TEST(RecycledRows, ACycleWithoutStorageKeepsNothingEvenRowsDroppedAfterIt) {
    RecycledRows<std::string> recycled;
    recycled.offer(nullptr);
    auto earlier = recycled.newSection(&TableSection::rows, true);
    earlier->rows = {"x"};
    recycled.offer(nullptr);  // cycles far apart now
    earlier.reset();          // dropped after that cycle: refused, freed
    std::vector<std::string> storage;
    recycled.offer(&storage);
    EXPECT_TRUE(storage.empty());

    auto plain = recycled.newSection(&TableSection::rows, false);
    plain->rows = {"y"};
    plain.reset();  // made without hand-back: never comes back
    recycled.offer(&storage);
    EXPECT_TRUE(storage.empty());
}

TEST(RecycledRows, ARecyclerGoneBeforeItsSectionsIsNoHarm) {
    std::shared_ptr<TableSection> outliving;
    {
        RecycledRows<std::string> recycled;
        outliving = recycled.newSection(&TableSection::rows, true);
        outliving->rows = {"z"};
    }
    outliving.reset();  // its deleter finds no pool and frees the rows (ASan: no leak, no use)
    EXPECT_EQ(outliving, nullptr);
}

TEST(SteadyCycles, AMinuteApartOrLessIsSteadyTheFirstAndLongerGapsAreNot) {
    SteadyCycles cycles;
    EXPECT_FALSE(cycles.steadyAt(100));
    EXPECT_FALSE(cycles.next(100));
    EXPECT_TRUE(cycles.steadyAt(115));
    EXPECT_FALSE(cycles.steadyAt(161));  // asking does not move it
    EXPECT_TRUE(cycles.next(115));
    EXPECT_TRUE(cycles.next(175));   // exactly a minute
    EXPECT_FALSE(cycles.next(476));  // five minutes: nobody reads
    EXPECT_TRUE(cycles.next(477));
}

TEST(SteadyStorage, ASteadyReadTakesTheStorageEmptiedAndALateOneANewVector) {
    SteadyStorage<std::string> storage;
    EXPECT_EQ(storage.offered(100), nullptr);  // the first read: nothing to offer
    EXPECT_TRUE(storage.take(100).empty());
    EXPECT_FALSE(storage.lastSteady());
    std::vector<std::string>* offered = storage.offered(115);
    ASSERT_NE(offered, nullptr);
    offered->assign(100, "row");  // what the collector hands back
    const std::string* memory = offered->data();
    std::vector<std::string> rows = storage.take(115);
    EXPECT_TRUE(rows.empty());
    EXPECT_EQ(rows.capacity(), 100u);
    EXPECT_EQ(rows.data(), memory);
    EXPECT_TRUE(storage.lastSteady());

    storage.offered(130)->assign(10, "row");
    EXPECT_EQ(storage.offered(400), nullptr);  // five minutes on: nobody reads
    rows = storage.take(400);
    EXPECT_EQ(rows.capacity(), 0u);  // not the storage: a late read keeps nothing
    EXPECT_FALSE(storage.lastSteady());
    EXPECT_NE(storage.offered(401), nullptr);
    EXPECT_TRUE(storage.offered(401)->empty());  // and what was handed back is gone
}

}  // namespace sysmetrics
