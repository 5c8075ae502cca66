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

}  // namespace sysmetrics
