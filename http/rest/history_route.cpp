#include "http/rest/history_route.h"

#include <cmath>
#include <set>

#include "base/text_parse.h"
#include "collectors/history_series.h"
#include "http/server/json_response.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxPoints = 10000;

struct HistoryQuery {
    std::vector<const HistorySeriesInfo*> series;
    double after = -600;
    double before = 0;
    std::size_t points = 0;
};

// A time parameter: at or below zero, seconds relative to now; above, unix seconds.
double absoluteTime(double value, double now) {
    return value <= 0 ? now + value : value;
}

std::optional<HttpResponse> parseQuery(const HttpRequest& request, HistoryQuery& query) {
    static const std::set<std::string> kKnown = {"series", "after", "before", "points"};
    for (const auto& [key, value] : request.params) {
        if (kKnown.count(key) == 0) {
            return jsonError(
                400, "bad_request",
                "unknown parameter '" + key + "' (known: series, after, before, points)");
        }
        if (key != "series" && request.params.count(key) > 1) {
            return jsonError(400, "bad_request", "parameter '" + key + "' given more than once");
        }
        const std::string& name = key;
        const auto bad = [&name](const std::string& what) {
            return jsonError(400, "bad_request", "parameter '" + name + "' must be " + what);
        };
        if (key == "series") {
            std::string_view rest = value;
            while (true) {
                const auto comma = rest.find(',');
                const std::string one(trim(rest.substr(0, comma)));
                const auto* info = findHistorySeries(one);
                if (!info) {
                    return jsonError(
                        400, "bad_request",
                        "unknown series '" + one + "' (GET /api/v1/history lists the series kept)");
                }
                query.series.push_back(info);
                if (comma == std::string_view::npos) {
                    break;
                }
                rest.remove_prefix(comma + 1);
            }
        } else if (key == "points") {
            const auto points = parseUnsigned(value);
            if (!points || *points > kMaxPoints) {
                return bad("from 0 (every point) to 10000");
            }
            query.points = static_cast<std::size_t>(*points);
        } else {
            const auto time = parseDouble(value);
            if (!time || !std::isfinite(*time)) {
                return bad("a number: seconds relative to now when 0 or less, else unix seconds");
            }
            (key == "after" ? query.after : query.before) = *time;
        }
    }
    return std::nullopt;
}

json catalogJson(const History& history, double now) {
    json list = json::array();
    for (const auto& info : historySeriesCatalog()) {
        json items = json::array();
        std::size_t points = 0;
        for (const auto& series :
             history.query(info.name, now - history.limits().window_seconds, now, 0)) {
            points += series.points.size();
            if (!series.item.empty()) {
                items.push_back(series.item);
            }
        }
        json entry = {{"name", info.name},
                      {"unit", info.unit},
                      {"collector", info.collector},
                      {"description", info.description},
                      {"points", points}};
        if (!info.item.empty()) {
            entry["item"] = info.item;
            entry["items"] = items;
        }
        list.push_back(std::move(entry));
    }
    const auto usage = history.usage();
    return {{"window_seconds", history.limits().window_seconds},
            {"series", list},
            {"memory_bytes", usage.bytes},
            {"series_dropped", usage.series_dropped}};
}

}  // namespace

HttpResponse historyAnswer(const HttpRequest& request, const History* history, double now,
                           ReadDemand& demand) {
    if (!history) {
        return jsonError(404, "not_found", "this service keeps no history");
    }
    HistoryQuery query;
    if (auto refused = parseQuery(request, query)) {
        return *refused;
    }
    if (query.series.empty()) {
        if (!request.params.empty()) {
            return jsonError(400, "bad_request", "'after', 'before' and 'points' need 'series'");
        }
        return jsonResponse(catalogJson(*history, now));
    }
    const double from = absoluteTime(query.after, now);
    const double to = absoluteTime(query.before, now);
    if (from > to) {
        return jsonError(400, "bad_request", "'after' is later than 'before'");
    }
    for (const auto* info : query.series) {
        demand.noteRead(info->collector, ReadKind::stream);
    }
    json series = json::array();
    std::set<std::string> seen;
    for (const auto* info : query.series) {
        if (!seen.insert(info->name).second) {
            continue;
        }
        for (auto& found : history->query(info->name, from, to, query.points)) {
            json points = json::array();
            for (const auto& point : found.points) {
                points.push_back(json::array({point.time, point.value}));
            }
            json entry = {{"name", found.name}, {"unit", info->unit}, {"points", points}};
            if (!info->item.empty()) {
                entry["item"] = found.item;
            }
            series.push_back(std::move(entry));
        }
    }
    return jsonResponse({{"after", from}, {"before", to}, {"series", series}});
}

}  // namespace sysmetrics
