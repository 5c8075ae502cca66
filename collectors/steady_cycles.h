#pragma once

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

}  // namespace sysmetrics
