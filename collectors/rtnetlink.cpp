#include "collectors/rtnetlink.h"

#include <cstring>
#include <iterator>

namespace sysmetrics {

namespace {

constexpr std::uint16_t kAttributeTypeMask = 0x3fff;  // without NLA_F_NESTED, NLA_F_NET_BYTEORDER

// Calls `attribute(type, payload, size)` for each rtattr in [data, data + size); stops at one
// whose length runs past the end.
template <typename Attribute>
void forEachAttribute(const std::uint8_t* data, std::size_t size, Attribute&& attribute) {
    std::size_t offset = 0;
    while (offset + 4 <= size) {
        const std::uint16_t length = readAt<std::uint16_t>(data, offset);
        const std::uint16_t type = readAt<std::uint16_t>(data, offset + 2) & kAttributeTypeMask;
        if (length < 4 || length > size - offset) {
            return;
        }
        attribute(type, data + offset + 4, std::size_t{length} - 4u);
        offset += (std::size_t{length} + 3u) & ~std::size_t{3};
    }
}

// rtnl_link_stats64 / rtnl_link_stats field numbers (linux/if_link.h).
enum StatField {
    kRxPackets = 0,
    kTxPackets = 1,
    kRxBytes = 2,
    kTxBytes = 3,
    kRxErrors = 4,
    kTxErrors = 5,
    kRxDropped = 6,
    kTxDropped = 7,
    kRxMissedErrors = 15,
    kStatFieldsRead = 16,
};

// The counters /proc/net/dev prints from the same structure (net/core/net-procfs.c): its drop
// column is rx_dropped + rx_missed_errors.
template <typename Counter>
void fillCounters(const std::uint8_t* stats, InterfaceInfo& nic) {
    const auto field = [&](StatField n) {
        return static_cast<std::uint64_t>(readAt<Counter>(stats, n * sizeof(Counter)));
    };
    nic.packets_received = field(kRxPackets);
    nic.packets_sent = field(kTxPackets);
    nic.bytes_received = field(kRxBytes);
    nic.bytes_sent = field(kTxBytes);
    nic.receive_errors = field(kRxErrors);
    nic.transmit_errors = field(kTxErrors);
    nic.receive_discards = field(kRxDropped) + field(kRxMissedErrors);
    nic.transmit_discards = field(kTxDropped);
}

std::string nulTerminated(const std::uint8_t* data, std::size_t size) {
    const void* nul = std::memchr(data, 0, size);
    return std::string(
        reinterpret_cast<const char*>(data),
        nul ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(nul) - data) : size);
}

}  // namespace

NetlinkBatch parseLinkBatch(const std::uint8_t* data, std::size_t size, std::vector<LinkRow>& out) {
    return forEachNetlinkMessage(
        data, size, [&](std::uint16_t type, const std::uint8_t* body, std::size_t body_size) {
            if (type != kRtmNewLink || body_size < kIfinfomsgSize) {
                return;
            }
            LinkRow row;
            row.arphrd = readAt<std::uint16_t>(body, 2);
            row.nic.index = static_cast<std::uint32_t>(readAt<std::int32_t>(body, 4));
            row.nic.oper_status = linuxOperStateName(0);
            bool stats64 = false;
            forEachAttribute(
                body + kIfinfomsgSize, body_size - kIfinfomsgSize,
                [&](std::uint16_t attribute, const std::uint8_t* value, std::size_t n) {
                    switch (attribute) {
                        case kIflaIfname:
                            row.nic.name = nulTerminated(value, n);
                            break;
                        case kIflaAddress:
                            row.nic.mac = formatMac(value, n);
                            break;
                        case kIflaMtu:
                            if (n >= 4) {
                                row.nic.mtu = readAt<std::uint32_t>(value, 0);
                            }
                            break;
                        case kIflaOperstate:
                            if (n >= 1) {
                                row.nic.oper_status = linuxOperStateName(value[0]);
                            }
                            break;
                        case kIflaStats64:
                            if (n >= kStatFieldsRead * 8) {
                                fillCounters<std::uint64_t>(value, row.nic);
                                stats64 = true;
                            }
                            break;
                        case kIflaStats:
                            if (!stats64 && n >= kStatFieldsRead * 4) {
                                fillCounters<std::uint32_t>(value, row.nic);
                            }
                            break;
                        default:
                            break;
                    }
                });
            if (row.nic.name.empty()) {
                return;  // not an interface anyone could name
            }
            row.nic.friendly_name = row.nic.name;
            out.push_back(std::move(row));
        });
}

NetlinkBatch parseAddressBatch(const std::uint8_t* data, std::size_t size,
                               std::vector<AddressRow>& out) {
    return forEachNetlinkMessage(
        data, size, [&](std::uint16_t type, const std::uint8_t* body, std::size_t body_size) {
            if (type != kRtmNewAddr || body_size < kIfaddrmsgSize) {
                return;
            }
            const std::uint8_t family = body[0];
            const std::size_t length = family == kLinuxAfInet    ? 4
                                       : family == kLinuxAfInet6 ? 16
                                                                 : 0;
            if (length == 0) {
                return;
            }
            const std::uint8_t* address = nullptr;
            const std::uint8_t* local = nullptr;
            forEachAttribute(
                body + kIfaddrmsgSize, body_size - kIfaddrmsgSize,
                [&](std::uint16_t attribute, const std::uint8_t* value, std::size_t n) {
                    if (n < length) {
                        return;
                    }
                    if (attribute == kIfaAddress) {
                        address = value;
                    } else if (attribute == kIfaLocal) {
                        local = value;
                    }
                });
            const std::uint8_t* chosen = local ? local : address;
            if (!chosen) {
                return;
            }
            AddressRow row;
            row.index = readAt<std::uint32_t>(body, 4);
            row.family = family == kLinuxAfInet ? 4 : 6;
            row.address = family == kLinuxAfInet ? formatIpv4(chosen) : formatIpv6(chosen);
            out.push_back(std::move(row));
        });
}

const std::string& linuxOperStateName(std::uint8_t operstate) {
    static const std::string kNames[] = {"unknown", "notpresent", "down", "lowerlayerdown",
                                         "testing", "dormant",    "up"};
    return operstate < std::size(kNames) ? kNames[operstate] : kNames[0];
}

}  // namespace sysmetrics
