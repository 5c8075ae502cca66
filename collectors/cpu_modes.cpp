#include "collectors/cpu_modes.h"

#include <algorithm>

namespace sysmetrics {

namespace {

template <typename Values>
auto findMode(Values& values, std::string_view mode) {
    return std::find_if(values.begin(), values.end(),
                        [&](const ModeValue& value) { return value.mode == mode; });
}

}  // namespace

double modeValue(const ModeValues& values, std::string_view mode) {
    const auto it = findMode(values, mode);
    return it != values.end() ? it->value : 0.0;
}

std::vector<std::string> modeNames(const ModeValues& values) {
    std::vector<std::string> names;
    names.reserve(values.size());
    for (const auto& value : values) {
        names.push_back(value.mode);
    }
    return names;
}

bool sameModes(const ModeValues& a, const ModeValues& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const ModeValue& x, const ModeValue& y) { return x.mode == y.mode; });
}

void addModeValues(ModeValues& total, const ModeValues& more) {
    for (const auto& value : more) {
        const auto it = findMode(total, value.mode);
        if (it != total.end()) {
            it->value += value.value;
        } else {
            total.push_back(value);
        }
    }
}

}  // namespace sysmetrics
