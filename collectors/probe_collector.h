#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "base/clock.h"
#include "collectors/collector.h"

namespace sysmetrics {

// A stateless collector: one probe call per cycle, stamped with the time it finished.
template <typename SectionType>
class ProbeCollector : public Collector {
public:
    using Probe = std::function<Result<SectionType>()>;
    explicit ProbeCollector(Probe probe) : probe_(std::move(probe)) {}

    std::string name() const override { return SectionType::kName; }

    Result<SectionPtr> collect() override {
        Result<SectionType> raw = probe_();
        if (!raw.ok()) {
            return raw.error();
        }
        auto section = std::make_shared<SectionType>(std::move(raw).value());
        section->collected_at = wallSeconds();
        return SectionPtr(std::move(section));
    }

private:
    Probe probe_;
};

}  // namespace sysmetrics
