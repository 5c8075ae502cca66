#include "base/heap_release.h"

#include <malloc.h>

namespace sysmetrics {

void releaseFreeHeap() {
    // The CRT heap's free blocks decommitted ("releases unused heap memory to the operating
    // system"); the process heap decommits its own large free blocks by itself.
    _heapmin();
}

void setServiceHeapPolicy() {}

}  // namespace sysmetrics
