#pragma once

#include <windows.h>

#include <algorithm>
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
//
// Into a buffer kept from an earlier read: a buffer that still fits takes the table in one call,
// where an empty one needs the size query first, and the OS builds the whole table for each. The
// buffer keeps its length (it only grows); the answer is how many of its bytes the table takes:
// the size the call reported, or all of them where it reported none.
template <typename Call>
Result<std::size_t> readSizedTableInto(Call call, std::vector<std::uint8_t>& buffer,
                                       DWORD short_status, const char* where,
                                       int attempts = kSizedTableAttempts) {
    ULONG size = static_cast<ULONG>(buffer.size());
    DWORD status = call(buffer.empty() ? nullptr : buffer.data(), &size);
    for (int attempt = 1; attempt <= attempts && status == short_status; attempt++) {
        size += size / 4 * static_cast<ULONG>(attempt);
        buffer.resize(size);
        status = call(buffer.data(), &size);
    }
    if (status != NO_ERROR) {
        return win::winError(status, where);
    }
    return std::min<std::size_t>(size, buffer.size());
}

// The same into a buffer of its own, as long as the table.
template <typename Call>
Result<std::vector<std::uint8_t>> readSizedTable(Call call, DWORD short_status, const char* where,
                                                 int attempts = kSizedTableAttempts) {
    std::vector<std::uint8_t> buffer;
    auto used = readSizedTableInto(call, buffer, short_status, where, attempts);
    if (!used.ok()) {
        return used.error();
    }
    buffer.resize(used.value());
    return buffer;
}

}  // namespace sysmetrics
