#pragma once

#include <cstddef>
#include <string_view>

namespace sysmetrics {

// What the admission stage allows one request's head (request line and headers) to be.
struct HeaderLimits {
    std::size_t max_bytes = 32 * 1024;
    std::size_t max_lines = 100;  // request line included
};

// Where a request head ends in the bytes read so far, or why it never may.
struct HeaderScan {
    enum class State { incomplete, complete, too_large, too_many_lines };
    State state = State::incomplete;
    std::size_t end = 0;  // bytes of the head, blank line included (when complete)
};

// Scans `bytes` (the start of a request, as received) for the blank line ending its head. Lines
// may end in CRLF or a bare LF, as cpp-httplib accepts both.
HeaderScan scanHeaderBlock(std::string_view bytes, const HeaderLimits& limits);

}  // namespace sysmetrics
