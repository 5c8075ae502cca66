#pragma once
// Raw PDH values as the Windows probes hand them to portable code: what PdhGetRawCounterArrayW
// gives for the counters of one object (collectors/windows/pdh_raw_object.h).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sysmetrics {

// One instance's PDH_RAW_COUNTER values (items of a valid CStatus only); the instance is "" for
// an object without instances. What they mean depends on the counter's type: a count or a
// 100 ns time in FirstValue, and in SecondValue a timestamp (rate counters) or a base
// (PERF_AVERAGE_BULK and the like).
struct PdhRawSample {
    std::string instance;
    std::int64_t first = 0;
    std::int64_t second = 0;
};

// One cycle of a PDH object read raw: the samples of each counter, by English counter name.
using PdhRawCounters = std::map<std::string, std::vector<PdhRawSample>>;

// Each counter's PdhGetCounterInfoW dwType, by English counter name; a counter PDH gave no type
// for is absent. Fixed once the counter is added.
using PdhCounterTypes = std::map<std::string, std::uint32_t>;

}  // namespace sysmetrics
