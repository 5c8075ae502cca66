#include "base/file_read.h"
#include "collectors/memory.h"

namespace sysmetrics {

namespace {

Result<MemorySection> readMemory() {
    auto text = readTextFile("/proc/meminfo");
    if (!text.ok()) {
        return text.error();
    }
    return memoryFromMeminfo(text.value());
}

}  // namespace

// /proc/meminfo keeps nothing between reads.
std::unique_ptr<MemorySource> makeMemorySource() {
    return std::make_unique<StatelessSource<MemorySection>>(&readMemory);
}

}  // namespace sysmetrics
