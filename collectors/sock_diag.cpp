#include "collectors/sock_diag.h"

#include "collectors/nt_layouts.h"

namespace sysmetrics {

namespace {

constexpr std::uint8_t kAfInet = 2;
constexpr std::uint8_t kAfInet6 = 10;

std::uint16_t bigEndian16(const std::uint8_t* at) {
    return static_cast<std::uint16_t>((at[0] << 8) | at[1]);
}

}  // namespace

SockDiagBatch parseSockDiagBatch(const std::uint8_t* data, std::size_t size,
                                 const std::string& proto, std::vector<Connection>& out,
                                 std::vector<std::uint64_t>& inodes) {
    SockDiagBatch batch;
    const bool udp = proto == "udp";
    std::size_t offset = 0;
    while (offset + kNlmsgHeaderSize <= size) {
        const std::uint8_t* header = data + offset;
        const std::uint32_t length = readAt<std::uint32_t>(header, 0);
        const std::uint16_t type = readAt<std::uint16_t>(header, 4);
        if (length < kNlmsgHeaderSize || length > size - offset) {
            batch.malformed = true;
            return batch;
        }
        const std::uint8_t* body = header + kNlmsgHeaderSize;
        const std::size_t body_size = length - kNlmsgHeaderSize;
        if (type == kNlmsgDone) {
            batch.done = true;
            return batch;
        }
        if (type == kNlmsgError) {
            const std::int32_t code = body_size >= 4 ? readAt<std::int32_t>(body, 0) : -1;
            batch.error = code < 0 ? -code : 1;
            return batch;
        }
        if ((type == kSockDiagByFamily || type == kTcpDiagGetSock) &&
            body_size >= kInetDiagMsgSize) {
            const std::uint8_t family = body[0];
            if (family == kAfInet || family == kAfInet6) {
                Connection& c = out.emplace_back();
                c.proto = proto;
                c.family = family == kAfInet ? 4 : 6;
                c.local_port = bigEndian16(body + 4);
                c.remote_port = bigEndian16(body + 6);
                c.local_address = c.family == 4 ? formatIpv4(body + 8) : formatIpv6(body + 8);
                c.remote_address = c.family == 4 ? formatIpv4(body + 24) : formatIpv6(body + 24);
                if (udp) {
                    c.state = "NONE";
                    if (c.remote_port == 0) {
                        c.remote_address.clear();
                    }
                } else {
                    c.state = linuxTcpStateName(body[1]);
                }
                inodes.push_back(readAt<std::uint32_t>(body, 68));
            }
        }
        // Messages are aligned to 4 bytes (NLMSG_ALIGN).
        offset += (length + 3u) & ~std::size_t{3};
    }
    return batch;
}

}  // namespace sysmetrics
