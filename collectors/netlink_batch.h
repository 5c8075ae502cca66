#pragma once

#include <cstddef>
#include <cstdint>

#include "collectors/nt_layouts.h"

namespace sysmetrics {

// Linux netlink datagrams read from their bytes (linux/netlink.h), so each dump's interpretation
// is tested on every platform with buffers the tests build: messages of an nlmsghdr (16 bytes,
// host order: len u32 with the header, type u16, flags u16, seq u32, pid u32) and a body, each
// aligned to 4 bytes. A dump ends with NLMSG_DONE; a refusal is NLMSG_ERROR with a negative
// errno.
inline constexpr std::size_t kNlmsgHeaderSize = 16;
inline constexpr std::uint16_t kNlmsgError = 2;
inline constexpr std::uint16_t kNlmsgDone = 3;

struct NetlinkBatch {
    bool done = false;  // NLMSG_DONE seen: the dump is complete
    int error = 0;      // a positive errno from NLMSG_ERROR (the request was refused)
    bool malformed = false;
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
        if (length < kNlmsgHeaderSize || length > size - offset) {
            batch.malformed = true;
            return batch;
        }
        const std::uint8_t* payload = header + kNlmsgHeaderSize;
        const std::size_t payload_size = length - kNlmsgHeaderSize;
        if (type == kNlmsgDone) {
            batch.done = true;
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
