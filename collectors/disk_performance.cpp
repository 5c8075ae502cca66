#include "collectors/disk_performance.h"

namespace sysmetrics {

const std::vector<std::string> kDiskPdhCounters = {
    "Current Disk Queue Length", "Disk Read Bytes/sec", "Disk Reads/sec",
    "Disk Write Bytes/sec",      "Disk Writes/sec",     "% Disk Read Time",
    "% Disk Write Time",         "% Idle Time",         "Split IO/Sec",
    "Avg. Disk sec/Read",        "Avg. Disk sec/Write", "Avg. Disk sec/Transfer",
};

}  // namespace sysmetrics
