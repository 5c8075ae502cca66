#pragma once
// Raw PDH values as the Windows probes hand them to portable code: what PdhGetRawCounterArrayW
// gives for one counter of an object read with the "*" instance.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sysmetrics {

// One instance's PDH_RAW_COUNTER values (items of a valid CStatus only). What they mean depends
// on the counter's type: a count or a 100 ns time in FirstValue, and in SecondValue a timestamp
// (rate counters) or a base (PERF_AVERAGE_BULK and the like).
struct PdhRawValue {
    std::string instance;
    std::int64_t first = 0;
    std::int64_t second = 0;
};

// One counter's raw array of a cycle and its PdhGetCounterInfoW dwType (none when PDH did not
// say).
struct PdhRawArray {
    std::optional<std::uint32_t> type;
    std::vector<PdhRawValue> values;
};

}  // namespace sysmetrics
