#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>

#include <map>
#include <memory>

#include "base/windows/win_error.h"
#include "collectors/network.h"

namespace sysmetrics {

namespace {

constexpr int kTableAttempts = 3;

// GetExtendedTcpTable/UdpTable into a byte buffer. The table grows between the size query and
// the read, so retry with headroom, as psutil does (three tries, 25 % extra).
template <typename Call>
Result<std::vector<std::uint8_t>> readTable(Call call, const char* where) {
    DWORD size = 0;
    std::vector<std::uint8_t> buffer;
    DWORD status = call(nullptr, &size);
    for (int attempt = 0; attempt < kTableAttempts && status == ERROR_INSUFFICIENT_BUFFER;
         attempt++) {
        size += size / 4;
        buffer.resize(size);
        status = call(buffer.data(), &size);
    }
    if (status != NO_ERROR) {
        return win::winError(status, where);
    }
    buffer.resize(size);
    return buffer;
}

struct MibTableDeleter {
    void operator()(MIB_IF_TABLE2* table) const { ::FreeMibTable(table); }
};

std::string operStatus(IF_OPER_STATUS status) {
    switch (status) {
        case IfOperStatusUp:
            return "up";
        case IfOperStatusDown:
            return "down";
        case IfOperStatusTesting:
            return "testing";
        case IfOperStatusDormant:
            return "dormant";
        case IfOperStatusNotPresent:
            return "notpresent";
        case IfOperStatusLowerLayerDown:
            return "lowerlayerdown";
        default:
            return "unknown";
    }
}

std::string interfaceType(ULONG type) {
    switch (type) {
        case IF_TYPE_ETHERNET_CSMACD:
            return "ethernet";
        case IF_TYPE_IEEE80211:
            return "wireless";
        case IF_TYPE_SOFTWARE_LOOPBACK:
            return "loopback";
        case IF_TYPE_TUNNEL:
            return "tunnel";
        case IF_TYPE_PPP:
            return "ppp";
        default:
            return "other(" + std::to_string(type) + ")";
    }
}

// IPv4 and IPv6 addresses by interface index, from GetAdaptersAddresses.
std::map<ULONG, std::pair<std::vector<std::string>, std::vector<std::string>>> addressesByIndex() {
    std::map<ULONG, std::pair<std::vector<std::string>, std::vector<std::string>>> out;
    ULONG size = 16 * 1024;
    std::vector<std::uint8_t> buffer;
    ULONG status = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < kTableAttempts && status == ERROR_BUFFER_OVERFLOW; attempt++) {
        buffer.resize(size);
        status = ::GetAdaptersAddresses(
            AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
            nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()), &size);
    }
    if (status != NO_ERROR) {
        return out;
    }
    for (auto* adapter = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()); adapter;
         adapter = adapter->Next) {
        auto& entry = out[adapterInterfaceIndex(adapter->IfIndex, adapter->Ipv6IfIndex)];
        for (auto* unicast = adapter->FirstUnicastAddress; unicast; unicast = unicast->Next) {
            const sockaddr* address = unicast->Address.lpSockaddr;
            if (address->sa_family == AF_INET) {
                const auto* in = reinterpret_cast<const sockaddr_in*>(address);
                entry.first.push_back(
                    formatIpv4(reinterpret_cast<const std::uint8_t*>(&in->sin_addr)));
            } else if (address->sa_family == AF_INET6) {
                const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
                entry.second.push_back(
                    formatIpv6(reinterpret_cast<const std::uint8_t*>(&in6->sin6_addr)));
            }
        }
    }
    return out;
}

}  // namespace

namespace {

// GetExtendedTcpTable/UdpTable carry the owning pid: nothing to keep between reads, and owners
// cost nothing, so they are always there.
class WindowsConnectionSource : public ConnectionSource {
public:
    Result<std::vector<Connection>> read(OwnerLookup) override { return readConnections(); }
};

}  // namespace

std::unique_ptr<ConnectionSource> makeConnectionSource() {
    return std::make_unique<WindowsConnectionSource>();
}

Result<std::vector<Connection>> readConnections() {
    std::vector<Connection> all;
    struct Source {
        ULONG family;
        bool tcp;
        std::vector<Connection> (*parse)(const std::uint8_t*, std::size_t);
        const char* where;
    };
    const Source sources[] = {
        {AF_INET, true, &parseTcp4Table, "GetExtendedTcpTable(AF_INET)"},
        {AF_INET6, true, &parseTcp6Table, "GetExtendedTcpTable(AF_INET6)"},
        {AF_INET, false, &parseUdp4Table, "GetExtendedUdpTable(AF_INET)"},
        {AF_INET6, false, &parseUdp6Table, "GetExtendedUdpTable(AF_INET6)"},
    };
    int succeeded = 0;
    Error last{ErrorCode::os_error, 0, "GetExtendedTcpTable"};
    for (const auto& source : sources) {
        auto table = readTable(
            [&](void* buffer, DWORD* size) {
                return source.tcp ? ::GetExtendedTcpTable(buffer, size, FALSE, source.family,
                                                          TCP_TABLE_OWNER_PID_ALL, 0)
                                  : ::GetExtendedUdpTable(buffer, size, FALSE, source.family,
                                                          UDP_TABLE_OWNER_PID, 0);
            },
            source.where);
        if (!table.ok()) {
            last = table.error();
            continue;  // IPv6 may be absent; the others still count
        }
        succeeded++;
        auto rows = source.parse(table->data(), table->size());
        all.insert(all.end(), rows.begin(), rows.end());
    }
    if (succeeded == 0) {
        return last;
    }
    return all;
}

Result<std::vector<InterfaceInfo>> readInterfaces() {
    MIB_IF_TABLE2* raw = nullptr;
    const DWORD status = ::GetIfTable2(&raw);
    if (status != NO_ERROR) {
        return win::winError(status, "GetIfTable2");
    }
    std::unique_ptr<MIB_IF_TABLE2, MibTableDeleter> table(raw);
    const auto addresses = addressesByIndex();
    std::vector<InterfaceInfo> out;
    for (ULONG i = 0; i < table->NumEntries; i++) {
        const MIB_IF_ROW2& row = table->Table[i];
        if (row.InterfaceAndOperStatusFlags.FilterInterface) {
            continue;  // NDIS filter layers repeat the adapter beneath them
        }
        InterfaceInfo nic;
        nic.index = row.InterfaceIndex;
        nic.description = win::toUtf8(row.Description);
        nic.friendly_name = win::toUtf8(row.Alias);
        nic.name = nicLabel(nic.description.empty() ? nic.friendly_name : nic.description);
        nic.mac = formatMac(row.PhysicalAddress, row.PhysicalAddressLength);
        nic.oper_status = operStatus(row.OperStatus);
        nic.type = interfaceType(row.Type);
        nic.mtu = row.Mtu;
        if (row.ReceiveLinkSpeed > 0 && row.ReceiveLinkSpeed != ~0ULL) {
            nic.speed_bits_per_second = row.ReceiveLinkSpeed;
        }
        nic.bytes_received = row.InOctets;
        nic.bytes_sent = row.OutOctets;
        nic.packets_received = row.InUcastPkts + row.InNUcastPkts;
        nic.packets_sent = row.OutUcastPkts + row.OutNUcastPkts;
        nic.receive_errors = row.InErrors;
        nic.transmit_errors = row.OutErrors;
        nic.receive_discards = row.InDiscards;
        nic.transmit_discards = row.OutDiscards;
        if (auto it = addresses.find(row.InterfaceIndex); it != addresses.end()) {
            nic.ipv4 = it->second.first;
            nic.ipv6 = it->second.second;
        }
        out.push_back(std::move(nic));
    }
    makeNicLabelsUnique(out);
    return out;
}

}  // namespace sysmetrics
