#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sysmetrics {

struct HistoryPoint {
    double time = 0;  // unix seconds
    double value = 0;
};

// What the history may hold: how far back, and hard caps so that no host (many cores, many
// interfaces) or setting (a 1 s interval) can grow it without bound.
struct HistoryLimits {
    double window_seconds = 3600;
    std::size_t max_points_per_series = 3600;
    std::size_t max_series = 512;
};

struct HistorySeries {
    std::string name;
    std::string item;  // the core, interface or volume; "" for a host-wide series
    std::vector<HistoryPoint> points;
};

// The recent past of a few host-level series, in memory, so a chart does not start empty.
// Written by collector threads, read by HTTP threads.
class History {
public:
    explicit History(HistoryLimits limits = {});

    // Appends a point to series `name` of `item`. A point at the time of the series' last is
    // dropped; one before it (the clock was set back) starts the series anew. A new series beyond
    // the cap is dropped and counted.
    void record(const std::string& name, const std::string& item, double time, double value);

    // Drops points older than the window before `now`, and series left empty (an interface that
    // went away).
    void trim(double now);

    // Every item of series `name` with its points in [from, to], averaged down to at most
    // `max_points` (0: every point).
    std::vector<HistorySeries> query(const std::string& name, double from, double to,
                                     std::size_t max_points) const;

    struct Usage {
        std::size_t series = 0;
        std::size_t points = 0;
        std::size_t bytes = 0;  // points and names, without allocator overhead
        std::size_t series_dropped = 0;
    };
    Usage usage() const;

    const HistoryLimits& limits() const { return limits_; }

private:
    HistoryLimits limits_;
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::deque<HistoryPoint>> series_;
    std::size_t series_dropped_ = 0;
};

// `points` (in time order) within [from, to], in at most `max_points` equal slices of that span,
// each the mean of its points at the time of its last one; unchanged when there are no more
// points than that (or `max_points` is 0).
std::vector<HistoryPoint> downsample(const std::vector<HistoryPoint>& points, double from,
                                     double to, std::size_t max_points);

}  // namespace sysmetrics
