#include "collectors/performancecounter.h"

namespace sysmetrics {

namespace {

class UnsupportedCollector : public Collector {
public:
    std::string name() const override { return PerformanceCounterSection::kName; }
    Result<SectionPtr> collect() override {
        return Error{ErrorCode::unsupported, 0, "performance counters (PDH) exist on Windows only"};
    }
};

}  // namespace

std::shared_ptr<Collector> makePerfCounterCollector(const PerfObjectSpecs&) {
    return std::make_shared<UnsupportedCollector>();
}

ConfigStatus checkPerformanceCounters(const PerfObjectSpecs&) {
    return {};  // nothing to check against: the collector is unsupported here
}

}  // namespace sysmetrics
