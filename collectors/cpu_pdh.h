#pragma once
// PDH's "Processor Information" object read raw, as windows_exporter's cpu collector reads it
// (pdh.CounterTypeRaw, every instance): the counters this collector has no NT source for, turned
// into per-core values the way windows_exporter turns them. Portable: the probe hands over the raw
// samples (PDH_RAW_COUNTER FirstValue/SecondValue per instance) and each counter's type.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "collectors/cpu.h"
#include "collectors/pdh_raw.h"

namespace sysmetrics {

// The counter types whose FirstValue is a time in 100 ns units (winperf.h).
inline constexpr std::uint32_t kPerf100NsecTimer = 0x20510500;         // PERF_100NSEC_TIMER
inline constexpr std::uint32_t kPerfPrecision100NsTimer = 0x20570500;  // PERF_PRECISION_100NS_TIMER

// The English counter names read, each with the families it feeds (for the notes when this
// machine lacks it).
struct ProcessorInformationCounter {
    std::string name;
    std::vector<std::string> families;
};
const std::vector<ProcessorInformationCounter>& processorInformationCounters();

// Turns one cycle's raw samples (by counter name), with each counter's type, into values per PDH
// instance, as windows_exporter does:
// - instances whose name ends in "_Total" are skipped: the machine's "_Total" and each NUMA node's
//   "<node>,_Total";
// - a counter of a 100 ns timer type (the "% Cn Time" counters) gives FirstValue x 1e-7, seconds;
//   any other type gives FirstValue as it is ("Clock Interrupts/sec", "Parking Status",
//   "% Processor Performance", ...), and its SecondValue where one is used: the base of
//   "% Processor Performance" (mperf) and of "% Processor Utility" (rtc);
// - those two SecondValues are taken modulo 2^32 and summed as differences from this reader's
//   first reading of the instance (windows_exporter's utils.Counter), so they start at 0;
// - a counter whose type is unknown (absent from `types`) is left out.
// The reader keeps those sums between cycles.
class ProcessorInformationReader {
public:
    std::map<std::string, ProcessorInformationValues> interpret(const PdhRawCounters& samples,
                                                                const PdhCounterTypes& types);

private:
    struct DeltaSum {
        WrappingCounter counter;
        std::uint64_t first = 0;
        bool seeded = false;
        double add(std::int64_t raw);
    };
    std::map<std::string, DeltaSum> mperf_, rtc_;
};

// Attaches each instance's values to the core of the same label (CoreTimes::id, which the probe
// derives from GetLogicalProcessorInformationEx). Returns the instances no core has: PDH and the
// NUMA layout disagree there, and those values are left out rather than exported under a label
// the other windows_cpu_* families do not use.
std::vector<std::string> joinProcessorInformation(
    std::vector<CoreTimes>& cores, std::map<std::string, ProcessorInformationValues> values);

}  // namespace sysmetrics
