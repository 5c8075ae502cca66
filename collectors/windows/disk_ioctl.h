#pragma once

#include <windows.h>

#include <cstdint>
#include <vector>

#include "base/result.h"

namespace sysmetrics::win {

// IOCTL_DISK_PERFORMANCE on an open volume (\\.\C:) or disk (\\.\PhysicalDrive0): the
// DISK_PERFORMANCE bytes as the driver returned them, or the failing call's error.
Result<std::vector<std::uint8_t>> queryDiskPerformance(HANDLE device);

}  // namespace sysmetrics::win
