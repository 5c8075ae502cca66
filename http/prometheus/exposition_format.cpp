#include "http/prometheus/exposition_format.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "base/weighted_list.h"

namespace sysmetrics {

namespace {

struct MediaRange {
    std::string type;  // "type/subtype", lower case
    std::string version;
    double q = 1;
};

// The acceptable ranges (q above 0) of an Accept header, heaviest first, ties as written.
std::vector<MediaRange> parseAccept(std::string_view header) {
    std::vector<MediaRange> ranges;
    for (auto& item : parseWeightedList(header)) {
        if (item.q > 0 && item.value.find('/') != std::string::npos) {
            ranges.push_back(MediaRange{std::move(item.value), item.param("version"), item.q});
        }
    }
    std::stable_sort(ranges.begin(), ranges.end(),
                     [](const MediaRange& a, const MediaRange& b) { return a.q > b.q; });
    return ranges;
}

}  // namespace

NegotiatedFormat negotiateExposition(const std::string& accept) {
    for (const auto& range : parseAccept(accept)) {
        if (range.type == "text/plain" && (range.version.empty() || range.version == "0.0.4")) {
            return {};
        }
        if (range.type == "application/openmetrics-text") {
            if (range.version.empty() || range.version == "1.0.0") {
                return {ExpositionFormat::openmetrics, kOpenMetricsType};
            }
            if (range.version == "0.0.1") {
                return {ExpositionFormat::openmetrics, kOpenMetricsDraftType};
            }
        }
    }
    return {};
}

}  // namespace sysmetrics
