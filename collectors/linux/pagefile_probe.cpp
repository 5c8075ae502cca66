#include "base/file_read.h"
#include "collectors/pagefile.h"

namespace sysmetrics {

namespace {

// Swap areas from /proc/swaps, for /api/v1/pagefile. node_exporter has no per-area family (its
// node_memory_Swap* are the totals the memory collector gives), so there is none at /metrics.
class SwapsSource : public PagefileSource {
public:
    Result<PagefileSection> read() override {
        auto swaps = readTextFile("/proc/swaps");
        if (!swaps.ok()) {
            return swaps.error();
        }
        PagefileSection section;
        section.source = "swaps";
        section.files = pagefilesFromSwaps(swaps.value());
        return section;
    }
};

}  // namespace

std::unique_ptr<PagefileSource> makePagefileSource() {
    return std::make_unique<SwapsSource>();
}

}  // namespace sysmetrics
