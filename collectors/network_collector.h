#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "collectors/network.h"
#include "collectors/probe_collector.h"

namespace sysmetrics {

// The network collector: one read of the interfaces per cycle, with per-second rates, and the
// source's notes (Windows: GetIpInterfaceTable failing) as its own.
class NetworkCollector : public Collector {
public:
    explicit NetworkCollector(std::unique_ptr<NetworkSource> source)
        : source_(std::move(source)),
          probe_([this]() { return source_->read(); }, &deriveInterfaceRates) {}
    std::string name() const override { return probe_.name(); }
    Result<SectionPtr> collect() override { return probe_.collect(); }
    std::vector<std::string> notes() const override { return source_->notes(); }

private:
    std::unique_ptr<NetworkSource> source_;
    ProbeCollector<NetworkSection> probe_;
};

}  // namespace sysmetrics
