#include "collectors/windows/disk_ioctl.h"

#include <winioctl.h>

#include "base/windows/win_error.h"

namespace sysmetrics::win {

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
