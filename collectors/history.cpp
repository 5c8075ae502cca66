#include "collectors/history.h"

#include <algorithm>

namespace sysmetrics {

History::History(HistoryLimits limits) : limits_(limits) {}

void History::record(const std::string& name, const std::string& item, double time, double value) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto key = std::make_pair(name, item);
    auto it = series_.find(key);
    if (it == series_.end()) {
        if (series_.size() >= limits_.max_series) {
            ++series_dropped_;
            return;
        }
        it = series_.emplace(std::move(key), std::deque<HistoryPoint>{}).first;
    }
    auto& points = it->second;
    if (!points.empty() && time == points.back().time) {
        return;  // the same collection again
    }
    if (!points.empty() && time < points.back().time) {
        points.clear();  // the clock was set back: what came before no longer sorts before this
    }
    points.push_back(HistoryPoint{time, value});
    while (points.size() > limits_.max_points_per_series) {
        points.pop_front();
    }
}

void History::trim(double now) {
    const double oldest = now - limits_.window_seconds;
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = series_.begin(); it != series_.end();) {
        auto& points = it->second;
        while (!points.empty() && points.front().time < oldest) {
            points.pop_front();
        }
        it = points.empty() ? series_.erase(it) : std::next(it);
    }
}

std::vector<HistorySeries> History::query(const std::string& name, double from, double to,
                                          std::size_t max_points) const {
    std::vector<HistorySeries> found;
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = series_.lower_bound({name, ""}); it != series_.end() && it->first.first == name;
         ++it) {
        const auto& points = it->second;
        auto first = std::lower_bound(points.begin(), points.end(), from,
                                      [](const HistoryPoint& p, double t) { return p.time < t; });
        auto last = std::upper_bound(first, points.end(), to,
                                     [](double t, const HistoryPoint& p) { return t < p.time; });
        found.push_back(HistorySeries{
            name, it->first.second,
            downsample(std::vector<HistoryPoint>(first, last), from, to, max_points)});
    }
    return found;
}

History::Usage History::usage() const {
    Usage usage;
    std::lock_guard<std::mutex> lock(mutex_);
    usage.series = series_.size();
    usage.series_dropped = series_dropped_;
    for (const auto& [key, points] : series_) {
        usage.points += points.size();
        usage.bytes += points.size() * sizeof(HistoryPoint) + key.first.size() + key.second.size();
    }
    return usage;
}

std::vector<HistoryPoint> downsample(const std::vector<HistoryPoint>& points, double from,
                                     double to, std::size_t max_points) {
    if (max_points == 0 || points.size() <= max_points || !(to > from)) {
        return points;
    }
    const double width = (to - from) / static_cast<double>(max_points);
    std::vector<HistoryPoint> slices;
    slices.reserve(max_points);
    std::size_t current = max_points;  // no slice yet
    double sum = 0;
    std::size_t count = 0;
    auto close = [&](double time) {
        if (count > 0) {
            slices.push_back(HistoryPoint{time, sum / static_cast<double>(count)});
        }
        sum = 0;
        count = 0;
    };
    double last_time = 0;
    for (const auto& point : points) {
        const double offset = std::max(0.0, point.time - from);
        const auto slice = std::min(max_points - 1, static_cast<std::size_t>(offset / width));
        if (slice != current) {
            close(last_time);
            current = slice;
        }
        sum += point.value;
        ++count;
        last_time = point.time;
    }
    close(last_time);
    return slices;
}

}  // namespace sysmetrics
