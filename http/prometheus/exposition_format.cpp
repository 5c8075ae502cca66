#include "http/prometheus/exposition_format.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace sysmetrics {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    });
    return out;
}

std::string_view unquote(std::string_view value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        return value.substr(1, value.size() - 2);
    }
    return value;
}

// RFC 9110 qvalue: 0 to 1 with up to three decimals; anything else is malformed.
bool parseQuality(std::string_view text, double& q) {
    if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) {
        return false;
    }
    if (text.size() > 1 && text[1] != '.') {
        return false;
    }
    if (text.size() > 2 && text.substr(2).find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    q = std::strtod(std::string(text).c_str(), nullptr);
    return q <= 1;
}

struct MediaRange {
    std::string type;  // "type/subtype", lower case
    std::string version;
    double q = 1;
};

std::vector<MediaRange> parseAccept(std::string_view header) {
    std::vector<MediaRange> ranges;
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view part = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        MediaRange range;
        bool valid = true;
        const auto semicolon = part.find(';');
        range.type = lower(trim(part.substr(0, semicolon)));
        std::string_view params =
            semicolon == std::string_view::npos ? std::string_view{} : part.substr(semicolon + 1);
        while (valid && !params.empty()) {
            const auto next = params.find(';');
            const std::string_view param = params.substr(0, next);
            params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
            const auto equals = param.find('=');
            if (equals == std::string_view::npos) {
                continue;
            }
            const std::string key = lower(trim(param.substr(0, equals)));
            const std::string_view value = unquote(trim(param.substr(equals + 1)));
            if (key == "q") {
                valid = parseQuality(value, range.q);
            } else if (key == "version") {
                range.version = std::string(value);
            }
        }
        if (valid && range.q > 0 && range.type.find('/') != std::string::npos) {
            ranges.push_back(std::move(range));
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
