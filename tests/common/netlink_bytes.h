#pragma once
// Netlink datagrams as the kernel writes them (linux/netlink.h), for the parsers of dumps that
// read their bytes on every platform: messages, each padded to 4 bytes, and their attributes.

#include <cstdint>
#include <cstring>
#include <vector>

#include "collectors/netlink_batch.h"

namespace sysmetrics::test {

class NetlinkBytes {
public:
    NetlinkBytes& message(std::uint16_t type, const std::vector<std::uint8_t>& body,
                          std::uint16_t flags = 0) {
        const std::uint32_t length = static_cast<std::uint32_t>(kNlmsgHeaderSize + body.size());
        std::uint8_t header[kNlmsgHeaderSize] = {};
        std::memcpy(header, &length, 4);
        std::memcpy(header + 4, &type, 2);
        std::memcpy(header + 6, &flags, 2);
        bytes.insert(bytes.end(), header, header + kNlmsgHeaderSize);
        bytes.insert(bytes.end(), body.begin(), body.end());
        pad(bytes);
        return *this;
    }
    NetlinkBytes& done(std::int32_t status = 0) {
        std::vector<std::uint8_t> body(4);
        std::memcpy(body.data(), &status, 4);
        return message(kNlmsgDone, body);
    }
    NetlinkBytes& error(std::int32_t negative_errno) {
        std::vector<std::uint8_t> body(20, 0);
        std::memcpy(body.data(), &negative_errno, 4);
        return message(kNlmsgError, body);
    }

    // Appends an rtattr (length with its 4-byte header, type, payload, padding) to `body`.
    static void attribute(std::vector<std::uint8_t>& body, std::uint16_t type,
                          const std::vector<std::uint8_t>& payload) {
        const std::uint16_t length = static_cast<std::uint16_t>(4 + payload.size());
        const std::size_t at = body.size();
        body.resize(at + 4);
        std::memcpy(body.data() + at, &length, 2);
        std::memcpy(body.data() + at + 2, &type, 2);
        body.insert(body.end(), payload.begin(), payload.end());
        pad(body);
    }
    template <typename T>
    static std::vector<std::uint8_t> valueBytes(const T& value) {
        std::vector<std::uint8_t> out(sizeof value);
        std::memcpy(out.data(), &value, sizeof value);
        return out;
    }

    std::vector<std::uint8_t> bytes;

private:
    static void pad(std::vector<std::uint8_t>& v) {
        while (v.size() % 4 != 0) {
            v.push_back(0);
        }
    }
};

}  // namespace sysmetrics::test
