#pragma once

#include <cstdint>
#include <type_traits>

namespace sysmetrics {

// Windows counts time in 100 ns ticks: FILETIME, NT process and processor times, PDH's 100 ns
// timer counters, DISK_PERFORMANCE's ReadTime/WriteTime/IdleTime. Portable: the collectors'
// readers of raw Windows data use it on both builds.
inline constexpr double kSecondsPerTick = 1e-7;

template <typename Integer>
double ticksToSeconds(Integer ticks) {
    static_assert(std::is_integral_v<Integer>, "a count of 100 ns ticks");
    return static_cast<double>(ticks) * kSecondsPerTick;
}

// A FILETIME's two DWORDs as one count of ticks.
inline std::uint64_t filetimeTicks(std::uint32_t high, std::uint32_t low) {
    return (std::uint64_t{high} << 32) | low;
}

// 1970-01-01 as a FILETIME (ticks since 1601-01-01 UTC).
inline constexpr std::int64_t kFiletimeUnixEpoch = 116444736000000000LL;

// A FILETIME to Unix seconds; 0 for one at or before 1970 (an unset time), never negative.
inline double unixFromFiletime(std::int64_t filetime) {
    return filetime <= kFiletimeUnixEpoch ? 0 : ticksToSeconds(filetime - kFiletimeUnixEpoch);
}

}  // namespace sysmetrics
