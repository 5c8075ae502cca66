#pragma once

#include <chrono>
#include <deque>
#include <optional>

namespace sysmetrics {

// Pacing collection to its readers. A Prometheus scraping every 15 s reads a collector's data
// once per scrape; collecting at a 5 s interval then makes two of every three collections for
// nobody. When a collector's reads come at one steady period longer than its interval, it can
// collect once per read, shortly before the read is due: fewer collections, and fresher data
// at each read than a free-running interval gives.
using ReadClock = std::chrono::steady_clock;

// Reads closer together than this are one read (one scrape or page load touching a section
// through several routes).
inline constexpr std::chrono::milliseconds kSameRead{250};
// The reads a cadence is judged on: three gaps.
inline constexpr std::size_t kCadenceReads = 4;

struct ReadCadence {
    ReadClock::duration period;
    ReadClock::time_point next;  // when the next read is due
};

// The steady period of `reads` (oldest first, the last kCadenceReads kept), when every gap is
// within a fifth of their median (at least 250 ms) and the reader is still there at `now` (the
// next read not overdue by more than half a period); none otherwise.
std::optional<ReadCadence> steadyCadence(const std::deque<ReadClock::time_point>& reads,
                                         ReadClock::time_point now);

// When a collector that started its last collection at `started`, which took `took`, collects
// next at its `interval` when `cadence` says its readers come at a period of at least two
// intervals: the first due read at least an interval after `started`, less a lead for the
// collection to finish before it (twice `took`, at least 500 ms, at most the interval). None
// when the collector should keep its own interval.
std::optional<ReadClock::time_point> pacedCollection(ReadClock::time_point started,
                                                     ReadClock::duration took,
                                                     ReadClock::duration interval,
                                                     const std::optional<ReadCadence>& cadence);

}  // namespace sysmetrics
