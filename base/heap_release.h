#pragma once

namespace sysmetrics {

// Gives the allocator's free pages back to the OS. A large answer (a process list of thousands,
// megabytes of /metrics) is built and freed in a worker's heap, and an allocator keeps what was
// freed for later: without this, the service's resident memory stays at the largest answer it
// ever built, per worker. glibc: malloc_trim(0), which also returns free pages inside its heaps;
// Windows: the CRT's _heapmin. Costs about 1 ms per few megabytes freed: call it sparingly.
void releaseFreeHeap();

// The service's allocator settings, made before any thread starts; a bench calls it too, so its
// figures are what the service pays. glibc: two arenas, and blocks of 128 KiB and more from
// mmap, given back when freed. Windows: nothing (the process heap decides for itself).
void setServiceHeapPolicy();

}  // namespace sysmetrics
