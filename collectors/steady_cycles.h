#pragma once

#include <vector>

namespace sysmetrics {

// Whether a source's cycles come close enough together that memory kept between them pays: a
// minute apart or less (the 15 s default while someone reads the section). The first cycle,
// and one after a longer gap (the 5-minute cycles of a section nobody reads), are not steady.
class SteadyCycles {
public:
    // `now`: seconds on a steady clock. Whether a cycle now would be steady.
    bool steadyAt(double now) const { return last_ >= 0 && now - last_ <= kGapSeconds; }
    // A cycle now: whether it is steady.
    bool next(double now) {
        const bool steady = steadyAt(now);
        last_ = now;
        return steady;
    }

private:
    static constexpr double kGapSeconds = 60;
    double last_ = -1;
};

// The vector a source's table is written into, kept between reads while they are steady: the
// collector puts there the rows of a section nobody holds any more (listingStorage), and the
// next read takes them, emptied, so its rows land in memory it had.
template <typename Row>
class SteadyStorage {
public:
    // What listingStorage answers: the storage, if a read now would be steady.
    std::vector<Row>* offered(double now) { return cycles_.steadyAt(now) ? &storage_ : nullptr; }
    // A read now: on a steady one the storage, emptied (its capacity kept), else a new vector.
    // Either way nothing stays behind in this.
    std::vector<Row> take(double now) {
        std::vector<Row> rows;
        last_steady_ = cycles_.next(now);
        if (last_steady_) {
            rows = std::move(storage_);
            rows.clear();
        }
        std::vector<Row>().swap(storage_);
        return rows;
    }
    // Whether the last take() was a steady read: what else a source keeps between reads can go
    // by the same decision.
    bool lastSteady() const { return last_steady_; }

private:
    SteadyCycles cycles_;
    std::vector<Row> storage_;
    bool last_steady_ = false;
};

}  // namespace sysmetrics
