#include "http/server/json_rounding.h"

#include <cmath>
#include <string>

namespace sysmetrics {

namespace {

bool endsWith(const std::string& text, const char* suffix) {
    const std::string tail(suffix);
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// Decimals for a float held by `key`, or -1 to keep it whole; `inherited` from the parent key.
int decimalsFor(const std::string& key, int inherited) {
    if (key == "percent" || endsWith(key, "_percent")) {
        return 2;
    }
    if (key == "counters_per_second" || endsWith(key, "_per_second")) {
        return 3;
    }
    if (endsWith(key, "_seconds")) {
        return 6;
    }
    if (key == "collected_at") {
        return 3;
    }
    return inherited;
}

void walk(nlohmann::json& value, int decimals) {
    if (value.is_number_float()) {
        if (decimals >= 0) {
            value = roundedTo(value.get<double>(), decimals);
        }
    } else if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            // A percent object's members are named by mode (user, idle): they inherit its rule.
            walk(it.value(), decimalsFor(it.key(), decimals == 2 || decimals == 3 ? decimals : -1));
        }
    } else if (value.is_array()) {
        for (auto& item : value) {
            walk(item, decimals);
        }
    }
}

}  // namespace

double roundedTo(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    const double scaled = value * scale;
    if (!std::isfinite(scaled) || std::fabs(scaled) > 1e15) {
        return value;
    }
    return std::round(scaled) / scale;
}

void roundFloats(nlohmann::json& value) {
    walk(value, -1);
}

}  // namespace sysmetrics
