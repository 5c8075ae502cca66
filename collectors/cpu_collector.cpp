#include "collectors/cpu_collector.h"

#include "base/clock.h"

namespace sysmetrics {

CpuCollector::CpuCollector(std::unique_ptr<CpuSource> source) : source_(std::move(source)) {}

Result<SectionPtr> CpuCollector::collect() {
    auto sample = source_->read();
    if (!sample.ok()) {
        return sample.error();
    }
    const auto now = std::chrono::steady_clock::now();
    const double interval =
        previous_ ? std::chrono::duration<double>(now - previous_time_).count() : 0.0;
    auto section = std::make_shared<CpuSection>(
        cpuSectionFrom(previous_ ? &*previous_ : nullptr, sample.value(), interval));
    section->collected_at = wallSeconds();
    previous_ = std::move(sample).value();
    previous_time_ = now;
    return SectionPtr(std::move(section));
}

std::vector<std::string> CpuCollector::notes() const {
    return source_->notes();
}

}  // namespace sysmetrics
