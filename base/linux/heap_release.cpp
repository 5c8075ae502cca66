#include "base/heap_release.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace sysmetrics {

void releaseFreeHeap() {
#ifdef __GLIBC__
    malloc_trim(0);  // every arena, and (since glibc 2.8) free pages in the middle of a heap
#endif
}

}  // namespace sysmetrics
