#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "collectors/section.h"

namespace sysmetrics {

// A source of one section. collect() is only ever called from one thread at a time, so a
// collector may keep state between cycles (previous samples, caches).
// Returning an Error with code `unsupported` means "not on this machine": the scheduler stops
// calling it and health checks ignore it.
class Collector {
public:
    virtual ~Collector() = default;
    virtual std::string name() const = 0;
    virtual Result<SectionPtr> collect() = 0;
    // Lasting remarks for the status page, such as data sources that are absent here.
    virtual std::vector<std::string> notes() const { return {}; }
    // Parts of its data a collector gathers only while someone reads them (ReadDemand names,
    // such as the owners of connections). Before each cycle the scheduler says which of them
    // were read lately; a read of one the last cycle left out starts a cycle at once.
    virtual std::vector<std::string> optionalParts() const { return {}; }
    virtual void setWantedParts(const std::set<std::string>& /*wanted*/) {}
};

}  // namespace sysmetrics
