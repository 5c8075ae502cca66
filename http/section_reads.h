#pragma once

#include <string>
#include <vector>

#include "collectors/snapshot_store.h"

namespace sysmetrics {

// The collectors whose data a request to `path` reads, so a collector that idles because
// nobody read it wakes up (ReadDemand). /metrics reads what it exports: the processes section
// only when it exports per-process series (`metrics_read_processes`); collect[] narrows it.
std::vector<std::string> sectionsRead(const std::string& path,
                                      const std::vector<std::string>& collect,
                                      const Snapshot& snapshot, bool metrics_read_processes);

}  // namespace sysmetrics
