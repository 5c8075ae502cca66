#pragma once

#include <string>
#include <vector>

#include "collectors/performancecounter.h"
#include "collectors/windows/pdh_counters.h"

namespace sysmetrics::win {

// The performancecounter collector over any PdhQuery (the real one, or a test's fake): one
// query per configured object, wildcard instances read as arrays each cycle.
class PerfCounterCollector : public Collector {
public:
    PerfCounterCollector(const PerfObjectSpecs& objects, PdhQueryOpener open);
    std::string name() const override { return PerformanceCounterSection::kName; }
    Result<SectionPtr> collect() override;
    std::vector<std::string> notes() const override;

private:
    struct Slot {
        std::wstring path;
        std::string path_text;
        bool wildcard = false;
        std::string instance;  // the configured instance ("" for a single-instance object)
        std::size_t index = 0;
        bool use_raw = false;
        double raw_scale = 1;  // 1e-7 for 100 ns timers: seconds
        bool as_counter = false;
        std::string metric;
    };
    struct Object {
        PerfObjectSpec spec;
        std::unique_ptr<PdhQuery> query;
        std::vector<Slot> slots;
    };

    std::vector<Object> objects_;
    std::vector<std::string> setup_notes_;
    std::vector<std::string> cycle_notes_;
};

// How a counter of PDH type `type` is exported in raw mode: a rate counter (a count or a 100 ns
// timer per second) as its raw cumulative value, a Prometheus counter; anything else as PDH's
// formatted value, a gauge.
struct PerfExport {
    bool use_raw = false;
    double raw_scale = 1;
};
PerfExport perfExportFor(DWORD type, bool formatted_requested);

// The English counter path of one object/instance/counter: \Object(instance)\Counter.
std::wstring perfCounterPath(const PerfObjectSpec& object, const std::string& instance,
                             const std::string& counter);

// Every object and counter checked with a query of its own; the error names the first that this
// machine lacks.
ConfigStatus checkPerfCounters(const PerfObjectSpecs& objects, PdhQueryOpener open);

}  // namespace sysmetrics::win
