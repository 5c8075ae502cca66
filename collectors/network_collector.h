#pragma once

#include <string>
#include <utility>
#include <vector>

#include "collectors/network.h"
#include "collectors/probe_collector.h"

namespace sysmetrics {

// The network collector: one read of the interfaces per cycle, with per-second rates, and the
// read's notes (Windows: GetIpInterfaceTable failing) as its own.
class NetworkCollector : public Collector {
public:
    using Reader = Result<std::vector<InterfaceInfo>> (*)(std::vector<std::string>* notes);
    explicit NetworkCollector(Reader read = &readInterfaces)
        : probe_(
              [this, read]() -> Result<NetworkSection> {
                  notes_.clear();
                  auto interfaces = read(&notes_);
                  if (!interfaces.ok()) {
                      return interfaces.error();
                  }
                  NetworkSection section;
                  section.interfaces = std::move(interfaces).value();
                  return section;
              },
              &deriveInterfaceRates) {}
    std::string name() const override { return probe_.name(); }
    Result<SectionPtr> collect() override { return probe_.collect(); }
    std::vector<std::string> notes() const override { return notes_; }

private:
    std::vector<std::string> notes_;
    ProbeCollector<NetworkSection> probe_;
};

}  // namespace sysmetrics
