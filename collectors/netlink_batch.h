#pragma once

#include <cstddef>
#include <cstdint>

#include "collectors/nt_layouts.h"

namespace sysmetrics {

// Linux netlink datagrams read from their bytes (linux/netlink.h), so each dump's interpretation
// is tested on every platform with buffers the tests build: messages of an nlmsghdr (16 bytes,
// host order: len u32 with the header, type u16, flags u16, seq u32, pid u32) and a body, each
// aligned to 4 bytes. A dump ends with NLMSG_DONE, whose int is 0 or a negative errno (the dump
// failed on the way); a refusal is NLMSG_ERROR with a negative errno. A message flagged
// NLM_F_DUMP_INTR was written while the table changed under the dump: the dump as a whole may
// miss or repeat entries, and is to be made again.
inline constexpr std::size_t kNlmsgHeaderSize = 16;
inline constexpr std::uint16_t kNlmsgError = 2;
inline constexpr std::uint16_t kNlmsgDone = 3;
inline constexpr std::uint16_t kNlmFDumpIntr = 0x10;
// Linux's address family numbers, as netlink messages carry them (Windows numbers AF_INET6 23,
// so portable code cannot use the platform's macros).
inline constexpr std::uint8_t kLinuxAfInet = 2;
inline constexpr std::uint8_t kLinuxAfInet6 = 10;

struct NetlinkBatch {
    bool done = false;  // NLMSG_DONE seen: the dump is complete
    int error = 0;      // a positive errno from NLMSG_ERROR or NLMSG_DONE
    bool malformed = false;
    bool interrupted = false;  // a message carried NLM_F_DUMP_INTR
};

// Calls `body(type, bytes, size)` for each message of one recv()'d buffer, up to NLMSG_DONE or
// NLMSG_ERROR; a message whose length runs past the buffer ends it as malformed.
template <typename Body>
NetlinkBatch forEachNetlinkMessage(const std::uint8_t* data, std::size_t size, Body&& body) {
    NetlinkBatch batch;
    std::size_t offset = 0;
    while (offset + kNlmsgHeaderSize <= size) {
        const std::uint8_t* header = data + offset;
        const std::uint32_t length = readAt<std::uint32_t>(header, 0);
        const std::uint16_t type = readAt<std::uint16_t>(header, 4);
        batch.interrupted |= (readAt<std::uint16_t>(header, 6) & kNlmFDumpIntr) != 0;
        if (length < kNlmsgHeaderSize || length > size - offset) {
            batch.malformed = true;
            return batch;
        }
        const std::uint8_t* payload = header + kNlmsgHeaderSize;
        const std::size_t payload_size = length - kNlmsgHeaderSize;
        if (type == kNlmsgDone) {
            batch.done = true;
            const std::int32_t code = payload_size >= 4 ? readAt<std::int32_t>(payload, 0) : 0;
            batch.error = code < 0 ? -code : 0;
            return batch;
        }
        if (type == kNlmsgError) {
            const std::int32_t code = payload_size >= 4 ? readAt<std::int32_t>(payload, 0) : -1;
            batch.error = code < 0 ? -code : 1;
            return batch;
        }
        body(type, payload, payload_size);
        offset += (length + 3u) & ~std::size_t{3};
    }
    return batch;
}

}  // namespace sysmetrics
