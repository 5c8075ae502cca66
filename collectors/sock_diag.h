#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "collectors/netlink_batch.h"
#include "collectors/network.h"

namespace sysmetrics {

// Linux NETLINK_SOCK_DIAG (inet_diag) dumps (collectors/netlink_batch.h; linux/inet_diag.h):
//   inet_diag_msg (72 bytes): family u8, state u8, timer u8, retrans u8, then inet_diag_sockid
//   (sport be16 @4, dport be16 @6, src 16 bytes @8, dst 16 bytes @24, if u32 @40, cookie @44),
//   expires @52, rqueue @56, wqueue @60, uid @64, inode u32 @68.
inline constexpr std::size_t kInetDiagMsgSize = 72;
inline constexpr std::uint16_t kSockDiagByFamily = 20;
// The older TCP request (struct inet_diag_req), whose dump the kernel makes for both families at
// once (inet_diag_dump_compat sets AF_UNSPEC); its replies carry this type, not 20.
inline constexpr std::uint16_t kTcpDiagGetSock = 18;
// The idiag_states a dump asks for: the states /proc/net/{tcp,udp}[6] list, TCP_ESTABLISHED (1)
// to TCP_NEW_SYN_RECV (12). Linux 6.8 added TCP_BOUND_INACTIVE (13), sockets bound but neither
// listening nor connecting, which /proc/net/tcp and Windows' TCP table never list; asking for it
// also makes the kernel walk its whole bind hash table, a quarter of a TCP dump's cost at 10,000
// sockets.
inline constexpr std::uint32_t kProcNetSocketStates = (1u << 13) - 2;

using SockDiagBatch = NetlinkBatch;

// Appends the sockets of one recv()'d buffer of a dump to `out` (with their inodes in `inodes`),
// each with the family its message names.
// `proto` is "tcp" or "udp"; rows read as /proc/net/{tcp,udp}[6] read them (UDP state "NONE",
// no remote address for an unconnected UDP socket).
SockDiagBatch parseSockDiagBatch(const std::uint8_t* data, std::size_t size,
                                 const std::string& proto, std::vector<Connection>& out,
                                 std::vector<std::uint64_t>& inodes);

}  // namespace sysmetrics
