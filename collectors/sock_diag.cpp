#include "collectors/sock_diag.h"

namespace sysmetrics {

namespace {

std::uint16_t bigEndian16(const std::uint8_t* at) {
    return static_cast<std::uint16_t>((at[0] << 8) | at[1]);
}

}  // namespace

SockDiagBatch parseSockDiagBatch(const std::uint8_t* data, std::size_t size,
                                 const std::string& proto, std::vector<Connection>& out,
                                 std::vector<std::uint64_t>& inodes) {
    const bool udp = proto == "udp";
    return forEachNetlinkMessage(
        data, size, [&](std::uint16_t type, const std::uint8_t* body, std::size_t body_size) {
            if ((type != kSockDiagByFamily && type != kTcpDiagGetSock) ||
                body_size < kInetDiagMsgSize) {
                return;
            }
            const std::uint8_t family = body[0];
            if (family != kLinuxAfInet && family != kLinuxAfInet6) {
                return;
            }
            Connection& c = out.emplace_back();
            c.proto = proto;
            c.family = family == kLinuxAfInet ? 4 : 6;
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
        });
}

}  // namespace sysmetrics
