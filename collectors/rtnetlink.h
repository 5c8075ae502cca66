#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "collectors/netlink_batch.h"
#include "collectors/network.h"

namespace sysmetrics {

// Linux NETLINK_ROUTE dumps of the interfaces (RTM_GETLINK) and their addresses (RTM_GETADDR),
// read from their bytes (collectors/netlink_batch.h; linux/rtnetlink.h, if_link.h, if_addr.h):
//   ifinfomsg (16 bytes): family u8, pad u8, type u16 (ARPHRD_*), index s32, flags u32, change u32
//   ifaddrmsg (8 bytes): family u8, prefixlen u8, flags u8, scope u8, index u32
// each followed by attributes: rtattr (len u16 with its 4-byte header, type u16; the top two
// bits of the type are flags), its payload, aligned to 4 bytes.
inline constexpr std::uint16_t kRtmNewLink = 16;
inline constexpr std::uint16_t kRtmGetLink = 18;
inline constexpr std::uint16_t kRtmNewAddr = 20;
inline constexpr std::uint16_t kRtmGetAddr = 22;
inline constexpr std::size_t kIfinfomsgSize = 16;
inline constexpr std::size_t kIfaddrmsgSize = 8;
// Attribute types used here.
inline constexpr std::uint16_t kIflaAddress = 1;
inline constexpr std::uint16_t kIflaIfname = 3;
inline constexpr std::uint16_t kIflaMtu = 4;
inline constexpr std::uint16_t kIflaStats = 7;  // rtnl_link_stats: 32-bit counters
inline constexpr std::uint16_t kIflaOperstate = 16;
inline constexpr std::uint16_t kIflaStats64 = 23;  // rtnl_link_stats64, same order, 64-bit
inline constexpr std::uint16_t kIfaAddress = 1;
inline constexpr std::uint16_t kIfaLocal = 2;

// One interface of a link dump: what /proc/net/dev and /sys/class/net/X give (name, index, MAC,
// MTU, operstate as sysfs writes it, the counters as /proc/net/dev sums them), with its ARPHRD
// type. The caller adds what the dump lacks: the speed, whether it is wireless.
struct LinkRow {
    InterfaceInfo nic;
    std::uint32_t arphrd = 0;
};
NetlinkBatch parseLinkBatch(const std::uint8_t* data, std::size_t size, std::vector<LinkRow>& out);

// One address of an address dump, as getifaddrs names it: IFA_LOCAL where the message has one
// (on a point-to-point link IFA_ADDRESS is the peer's), else IFA_ADDRESS.
struct AddressRow {
    std::uint32_t index = 0;
    int family = 4;  // 4 or 6
    std::string address;
};
NetlinkBatch parseAddressBatch(const std::uint8_t* data, std::size_t size,
                               std::vector<AddressRow>& out);

// IF_OPER_* (RFC 2863, IFLA_OPERSTATE) as /sys/class/net/X/operstate writes it ("up", "down",
// "lowerlayerdown", ...); "unknown" past the last.
const std::string& linuxOperStateName(std::uint8_t operstate);

}  // namespace sysmetrics
