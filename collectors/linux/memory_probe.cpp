#include "base/file_read.h"
#include "collectors/memory.h"

namespace sysmetrics {

Result<MemorySection> readMemory() {
    auto text = readTextFile("/proc/meminfo");
    if (!text.ok()) {
        return text.error();
    }
    return memoryFromMeminfo(text.value());
}

namespace {
// /proc/meminfo keeps nothing between reads.
class LinuxMemorySource : public MemorySource {
public:
    Result<MemorySection> read() override { return readMemory(); }
};
}  // namespace

std::unique_ptr<MemorySource> makeMemorySource() {
    return std::make_unique<LinuxMemorySource>();
}

}  // namespace sysmetrics
