#include "collectors/read_cadence.h"

#include <algorithm>
#include <array>

namespace sysmetrics {

namespace {

using std::chrono::milliseconds;

ReadClock::duration tolerance(ReadClock::duration period) {
    return std::max<ReadClock::duration>(period / 5, milliseconds(250));
}

}  // namespace

std::optional<ReadCadence> steadyCadence(const std::deque<ReadClock::time_point>& reads,
                                         ReadClock::time_point now) {
    if (reads.size() < kCadenceReads) {
        return std::nullopt;
    }
    std::array<ReadClock::duration, kCadenceReads - 1> gaps;
    const std::size_t first = reads.size() - kCadenceReads;
    for (std::size_t i = 0; i < gaps.size(); ++i) {
        gaps[i] = reads[first + i + 1] - reads[first + i];
    }
    auto sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    const ReadClock::duration median = sorted[sorted.size() / 2];
    if (median <= ReadClock::duration::zero()) {
        return std::nullopt;
    }
    const auto allowed = tolerance(median);
    for (const auto gap : gaps) {
        if (gap > median + allowed || gap + allowed < median) {
            return std::nullopt;
        }
    }
    const ReadClock::time_point next = reads.back() + median;
    if (now > next + std::max<ReadClock::duration>(median / 2, allowed)) {
        return std::nullopt;  // the reader has gone (or slowed down): back to the interval
    }
    return ReadCadence{median, next};
}

std::optional<ReadClock::time_point> pacedCollection(ReadClock::time_point started,
                                                     ReadClock::duration took,
                                                     ReadClock::duration interval,
                                                     const std::optional<ReadCadence>& cadence) {
    if (!cadence || interval <= ReadClock::duration::zero() || cadence->period < 2 * interval) {
        return std::nullopt;
    }
    const auto lead = std::min<ReadClock::duration>(
        interval, std::max<ReadClock::duration>(2 * took, milliseconds(500)));
    ReadClock::time_point next = cadence->next - lead;
    while (next < started + interval) {
        next += cadence->period;
    }
    return next;
}

}  // namespace sysmetrics
