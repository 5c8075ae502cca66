#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "collectors/collector.h"
#include "collectors/cpu.h"

namespace sysmetrics {

// Keeps the previous sample so each section carries usage over the last interval.
class CpuCollector : public Collector {
public:
    explicit CpuCollector(std::unique_ptr<CpuSource> source);
    std::string name() const override { return CpuSection::kName; }
    Result<SectionPtr> collect() override;
    std::vector<std::string> notes() const override;

private:
    std::unique_ptr<CpuSource> source_;
    std::optional<CpuSample> previous_;
    std::chrono::steady_clock::time_point previous_time_;
};

}  // namespace sysmetrics
