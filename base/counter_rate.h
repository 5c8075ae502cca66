#pragma once

#include <cstdint>
#include <optional>

namespace sysmetrics {

// The per-second change of a cumulative counter between two readings `seconds` apart. Empty when
// a reading is missing, no time passed, or the counter went backwards (a reset, a wrap, a device
// that came back): the change across it is unknown, and a made-up rate would spike a chart.
inline std::optional<double> perSecond(std::optional<std::uint64_t> before,
                                       std::optional<std::uint64_t> after, double seconds) {
    if (!before || !after || !(seconds > 0) || *after < *before) {
        return std::nullopt;
    }
    return static_cast<double>(*after - *before) / seconds;
}

}  // namespace sysmetrics
