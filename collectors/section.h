#pragma once

#include <memory>

namespace sysmetrics {

// One collector's published data. Immutable once published; every derived type names its
// snapshot slot with a static `kName` equal to the collector's name.
struct Section {
    virtual ~Section() = default;
    double collected_at = 0;  // unix seconds at the end of the collection
};

using SectionPtr = std::shared_ptr<const Section>;

}  // namespace sysmetrics
