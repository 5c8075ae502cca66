#include "collectors/windows/disk_ioctl.h"

#include <winioctl.h>

#include <cstddef>

#include "base/windows/win_error.h"
#include "collectors/nt_layouts.h"

namespace sysmetrics::win {

// The winioctl.h layout collectors/nt_layouts.h reads, as this SDK declares it.
static_assert(offsetof(DISK_PERFORMANCE, BytesRead) == 0x00);
static_assert(offsetof(DISK_PERFORMANCE, BytesWritten) == 0x08);
static_assert(offsetof(DISK_PERFORMANCE, ReadTime) == 0x10);
static_assert(offsetof(DISK_PERFORMANCE, WriteTime) == 0x18);
static_assert(offsetof(DISK_PERFORMANCE, IdleTime) == 0x20);
static_assert(offsetof(DISK_PERFORMANCE, ReadCount) == 0x28);
static_assert(offsetof(DISK_PERFORMANCE, WriteCount) == 0x2C);
static_assert(offsetof(DISK_PERFORMANCE, QueueDepth) == 0x30);
static_assert(offsetof(DISK_PERFORMANCE, SplitCount) == 0x34);
static_assert(offsetof(DISK_PERFORMANCE, SplitCount) + sizeof(DWORD) == kDiskPerformanceMinSize);

Result<std::vector<std::uint8_t>> queryDiskPerformance(HANDLE device) {
    // A driver may want a larger buffer than the SDK's struct (psutil retries the same way).
    std::vector<std::uint8_t> buffer(sizeof(DISK_PERFORMANCE));
    for (int attempt = 0; attempt < 4; attempt++) {
        DWORD returned = 0;
        if (::DeviceIoControl(device, IOCTL_DISK_PERFORMANCE, nullptr, 0, buffer.data(),
                              static_cast<DWORD>(buffer.size()), &returned, nullptr)) {
            buffer.resize(returned);
            return buffer;
        }
        const DWORD error = ::GetLastError();
        if (error != ERROR_INSUFFICIENT_BUFFER && error != ERROR_MORE_DATA) {
            return winError(error, "DeviceIoControl(IOCTL_DISK_PERFORMANCE)");
        }
        buffer.resize(buffer.size() * 2);
    }
    return winError(ERROR_INSUFFICIENT_BUFFER, "DeviceIoControl(IOCTL_DISK_PERFORMANCE)");
}

}  // namespace sysmetrics::win
