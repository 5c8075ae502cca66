#pragma once

#include <windows.h>

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "base/windows/win_error.h"

namespace sysmetrics {

// How many times a table the OS sizes for us is asked for before the read is given up.
constexpr int kSizedTableAttempts = 8;

// A table an OS call writes into the caller's buffer, telling the size it needs when the buffer
// is short (`short_status`: ERROR_INSUFFICIENT_BUFFER for GetExtendedTcpTable,
// ERROR_BUFFER_OVERFLOW for GetAdaptersAddresses). On a busy host the table grows between the size
// query and the read, so every retry asks for the newly told size with headroom growing each time
// (psutil retries three times with 25 % more; a host opening connections by the thousand needs
// more). `call(buffer, &size)` returns the status; a null buffer with size 0 asks for the size.
template <typename Call>
Result<std::vector<std::uint8_t>> readSizedTable(Call call, DWORD short_status, const char* where,
                                                 int attempts = kSizedTableAttempts) {
    std::vector<std::uint8_t> buffer;
    ULONG size = 0;
    DWORD status = call(nullptr, &size);
    for (int attempt = 1; attempt <= attempts && status == short_status; attempt++) {
        size += size / 4 * static_cast<ULONG>(attempt);
        buffer.resize(size);
        status = call(buffer.data(), &size);
    }
    if (status != NO_ERROR) {
        return win::winError(status, where);
    }
    buffer.resize(size);
    return buffer;
}

}  // namespace sysmetrics
