#pragma once

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
};

}  // namespace sysmetrics
