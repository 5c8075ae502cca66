#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "base/clock.h"
#include "collectors/collector.h"

namespace sysmetrics {

// One probe call per cycle, stamped with the time it finished. `derive`, when given, fills what
// takes two readings (per-second rates) from the previous section and the steady seconds between.
template <typename SectionType>
class ProbeCollector : public Collector {
public:
    using Probe = std::function<Result<SectionType>()>;
    using Derive =
        std::function<void(const SectionType& previous, SectionType& current, double seconds)>;
    explicit ProbeCollector(Probe probe, Derive derive = nullptr)
        : probe_(std::move(probe)), derive_(std::move(derive)) {}

    std::string name() const override { return SectionType::kName; }

    Result<SectionPtr> collect() override {
        Result<SectionType> raw = probe_();
        if (!raw.ok()) {
            return raw.error();
        }
        auto section = std::make_shared<SectionType>(std::move(raw).value());
        section->collected_at = wallSeconds();
        const double now = steadySeconds();
        if (derive_) {
            if (previous_) {
                derive_(*previous_, *section, now - previous_at_);
            }
            previous_ = section;  // the snapshot holds it too: no copy kept
            previous_at_ = now;
        }
        return SectionPtr(std::move(section));
    }

private:
    Probe probe_;
    Derive derive_;
    std::shared_ptr<const SectionType> previous_;
    double previous_at_ = 0;
};

}  // namespace sysmetrics
