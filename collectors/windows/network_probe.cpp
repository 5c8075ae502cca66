#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>

#include <cstddef>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "base/clock.h"
#include "base/windows/win_error.h"
#include "collectors/network.h"
#include "collectors/nic_instances.h"
#include "collectors/nt_layouts.h"
#include "collectors/steady_cycles.h"
#include "collectors/windows/sized_table.h"

namespace sysmetrics {

// The tcpmib.h and udpmib.h layouts collectors/nt_layouts.h reads, as this SDK declares them.
static_assert(offsetof(MIB_TCPTABLE_OWNER_PID, dwNumEntries) == kMibTableNumEntries);
static_assert(offsetof(MIB_TCPTABLE_OWNER_PID, table) == kMibTableRows);
static_assert(offsetof(MIB_TCP6TABLE_OWNER_PID, table) == kMibTableRows);
static_assert(offsetof(MIB_UDPTABLE_OWNER_PID, table) == kMibTableRows);
static_assert(offsetof(MIB_UDP6TABLE_OWNER_PID, table) == kMibTableRows);
static_assert(offsetof(MIB_TCPROW_OWNER_PID, dwState) == mib_tcprow_owner_pid::kState);
static_assert(offsetof(MIB_TCPROW_OWNER_PID, dwLocalAddr) == mib_tcprow_owner_pid::kLocalAddr);
static_assert(offsetof(MIB_TCPROW_OWNER_PID, dwLocalPort) == mib_tcprow_owner_pid::kLocalPort);
static_assert(offsetof(MIB_TCPROW_OWNER_PID, dwRemoteAddr) == mib_tcprow_owner_pid::kRemoteAddr);
static_assert(offsetof(MIB_TCPROW_OWNER_PID, dwRemotePort) == mib_tcprow_owner_pid::kRemotePort);
static_assert(offsetof(MIB_TCPROW_OWNER_PID, dwOwningPid) == mib_tcprow_owner_pid::kOwningPid);
static_assert(sizeof(MIB_TCPROW_OWNER_PID) == mib_tcprow_owner_pid::kSize);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, ucLocalAddr) == mib_tcp6row_owner_pid::kLocalAddr);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, dwLocalScopeId) ==
              mib_tcp6row_owner_pid::kLocalScopeId);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, dwLocalPort) == mib_tcp6row_owner_pid::kLocalPort);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, ucRemoteAddr) == mib_tcp6row_owner_pid::kRemoteAddr);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, dwRemoteScopeId) ==
              mib_tcp6row_owner_pid::kRemoteScopeId);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, dwRemotePort) == mib_tcp6row_owner_pid::kRemotePort);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, dwState) == mib_tcp6row_owner_pid::kState);
static_assert(offsetof(MIB_TCP6ROW_OWNER_PID, dwOwningPid) == mib_tcp6row_owner_pid::kOwningPid);
static_assert(sizeof(MIB_TCP6ROW_OWNER_PID) == mib_tcp6row_owner_pid::kSize);
static_assert(offsetof(MIB_UDPROW_OWNER_PID, dwLocalAddr) == mib_udprow_owner_pid::kLocalAddr);
static_assert(offsetof(MIB_UDPROW_OWNER_PID, dwLocalPort) == mib_udprow_owner_pid::kLocalPort);
static_assert(offsetof(MIB_UDPROW_OWNER_PID, dwOwningPid) == mib_udprow_owner_pid::kOwningPid);
static_assert(sizeof(MIB_UDPROW_OWNER_PID) == mib_udprow_owner_pid::kSize);
static_assert(offsetof(MIB_UDP6ROW_OWNER_PID, ucLocalAddr) == mib_udp6row_owner_pid::kLocalAddr);
static_assert(offsetof(MIB_UDP6ROW_OWNER_PID, dwLocalScopeId) ==
              mib_udp6row_owner_pid::kLocalScopeId);
static_assert(offsetof(MIB_UDP6ROW_OWNER_PID, dwLocalPort) == mib_udp6row_owner_pid::kLocalPort);
static_assert(offsetof(MIB_UDP6ROW_OWNER_PID, dwOwningPid) == mib_udp6row_owner_pid::kOwningPid);
static_assert(sizeof(MIB_UDP6ROW_OWNER_PID) == mib_udp6row_owner_pid::kSize);

namespace {

// Owns a table the IP Helper allocates (GetIfTable2, GetIpInterfaceTable).
struct MibTableDeleter {
    void operator()(void* table) const { ::FreeMibTable(table); }
};
template <typename Table>
using MibTable = std::unique_ptr<Table, MibTableDeleter>;

// The LUIDs of the interfaces bound to IPv4 or IPv6, which PDH's Network Interface object lists.
Result<std::set<ULONG64>> ipBoundLuids() {
    MIB_IPINTERFACE_TABLE* raw = nullptr;
    const DWORD status = ::GetIpInterfaceTable(AF_UNSPEC, &raw);
    if (status != NO_ERROR) {
        return win::winError(status, "GetIpInterfaceTable(AF_UNSPEC)");
    }
    const MibTable<MIB_IPINTERFACE_TABLE> table(raw);
    std::set<ULONG64> luids;
    for (ULONG i = 0; i < table->NumEntries; i++) {
        luids.insert(table->Table[i].InterfaceLuid.Value);
    }
    return luids;
}

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

// One adapter's addresses from GetAdaptersAddresses: the unicast ones by family, and those
// windows_exporter's windows_net_nic_address_info lists (global unicast among unicast and
// anycast).
struct AdapterAddresses {
    std::vector<std::string> ipv4, ipv6;
    std::vector<std::pair<std::string, std::string>> global;
};

// {family label, text, global unicast?} of one socket address; empty family when neither.
struct AddressText {
    std::string family, text;
    bool global = false;
};

AddressText addressText(const sockaddr* address) {
    if (address->sa_family == AF_INET) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(
            &reinterpret_cast<const sockaddr_in*>(address)->sin_addr);
        return {"ipv4", formatIpv4(bytes), isGlobalUnicastIpv4(bytes)};
    }
    if (address->sa_family == AF_INET6) {
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(
            &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
        return {"ipv6", formatIpv6(bytes), isGlobalUnicastIpv6(bytes)};
    }
    return {};
}

// Addresses by interface index, from GetAdaptersAddresses.
std::map<ULONG, AdapterAddresses> addressesByIndex() {
    std::map<ULONG, AdapterAddresses> out;
    auto buffer = readSizedTable(
        [](void* into, DWORD* size) {
            return ::GetAdaptersAddresses(AF_UNSPEC,
                                          GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                                          nullptr, static_cast<IP_ADAPTER_ADDRESSES*>(into), size);
        },
        ERROR_BUFFER_OVERFLOW, "GetAdaptersAddresses");
    if (!buffer.ok() || buffer->empty()) {
        return out;
    }
    for (auto* adapter = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer->data()); adapter;
         adapter = adapter->Next) {
        auto& entry = out[adapterInterfaceIndex(adapter->IfIndex, adapter->Ipv6IfIndex)];
        for (auto* unicast = adapter->FirstUnicastAddress; unicast; unicast = unicast->Next) {
            const AddressText address = addressText(unicast->Address.lpSockaddr);
            if (address.family.empty()) {
                continue;
            }
            (address.family == "ipv4" ? entry.ipv4 : entry.ipv6).push_back(address.text);
            if (address.global) {
                entry.global.emplace_back(address.family, address.text);
            }
        }
        for (auto* anycast = adapter->FirstAnycastAddress; anycast; anycast = anycast->Next) {
            const AddressText address = addressText(anycast->Address.lpSockaddr);
            if (address.global) {
                entry.global.emplace_back(address.family, address.text);
            }
        }
    }
    return out;
}

// The four tables appended to `all`, each read into its buffer in `buffers`.
Result<std::vector<Connection>> readConnections(std::vector<Connection> all,
                                                std::vector<std::uint8_t> (&buffers)[4]) {
    struct Source {
        ULONG family;
        bool tcp;
        void (*append)(const std::uint8_t*, std::size_t, std::vector<Connection>&);
        const char* where;
    };
    const Source sources[] = {
        {AF_INET, true, &appendTcp4Table, "GetExtendedTcpTable(AF_INET)"},
        {AF_INET6, true, &appendTcp6Table, "GetExtendedTcpTable(AF_INET6)"},
        {AF_INET, false, &appendUdp4Table, "GetExtendedUdpTable(AF_INET)"},
        {AF_INET6, false, &appendUdp6Table, "GetExtendedUdpTable(AF_INET6)"},
    };
    for (std::size_t i = 0; i < std::size(sources); i++) {
        const Source& source = sources[i];
        std::vector<std::uint8_t>& buffer = buffers[i];
        auto table = readSizedTableInto(
            [&](void* into, DWORD* size) {
                return source.tcp ? ::GetExtendedTcpTable(into, size, FALSE, source.family,
                                                          TCP_TABLE_OWNER_PID_ALL, 0)
                                  : ::GetExtendedUdpTable(into, size, FALSE, source.family,
                                                          UDP_TABLE_OWNER_PID, 0);
            },
            buffer, ERROR_INSUFFICIENT_BUFFER, source.where);
        if (!table.ok()) {
            // A host without an IPv6 stack has no IPv6 tables. Any other failure fails the read:
            // rows missing from one table would count as connections closed.
            if (source.family == AF_INET6 && table.error().os_code == ERROR_NOT_SUPPORTED) {
                continue;
            }
            return table.error();
        }
        source.append(buffer.data(), table.value(), all);
    }
    return all;
}

// GetExtendedTcpTable/UdpTable carry the owning pid: owners cost nothing, so they are always
// there. While reads come a minute apart or less, the rows are written into the storage of a
// table nobody holds any more rather than into memory allocated (and faulted in) afresh, and each
// table is read into the buffer of the read before: one call where a new buffer needs two (the
// size query builds the whole table too). A read after a longer gap lets its buffers go, so a
// section nobody reads holds none between its cycles.
class WindowsConnectionSource : public ConnectionSource {
public:
    Result<std::vector<Connection>> read(OwnerLookup) override {
        auto rows = readConnections(storage_.take(steadySeconds()), buffers_);
        if (!storage_.lastSteady()) {
            for (auto& buffer : buffers_) {
                std::vector<std::uint8_t>().swap(buffer);
            }
        }
        return rows;
    }
    std::vector<Connection>* listingStorage() override { return storage_.offered(steadySeconds()); }

private:
    SteadyStorage<Connection> storage_;
    std::vector<std::uint8_t> buffers_[4];
};

// GetIfTable2 and the IP bindings keep nothing between reads.
Result<NetworkSection> readNetwork(std::vector<std::string>& notes) {
    MIB_IF_TABLE2* raw = nullptr;
    const DWORD status = ::GetIfTable2(&raw);
    if (status != NO_ERROR) {
        return win::winError(status, "GetIfTable2");
    }
    const MibTable<MIB_IF_TABLE2> table(raw);
    const auto ip_bound = ipBoundLuids();
    if (!ip_bound.ok()) {
        notes.push_back(ip_bound.error().describe() +
                        ": which interfaces PDH's Network Interface object lists is unknown; "
                        "windows_net_* keep every interface but the loopback, WAN miniports "
                        "included");
    }
    std::vector<IfTableRow> rows(table->NumEntries);
    for (ULONG i = 0; i < table->NumEntries; i++) {
        const MIB_IF_ROW2& row = table->Table[i];
        rows[i].type = row.Type;
        rows[i].filter_interface = row.InterfaceAndOperStatusFlags.FilterInterface;
        rows[i].ip_bound = ip_bound.ok() && ip_bound->count(row.InterfaceLuid.Value) > 0;
        rows[i].description = win::toUtf8(row.Description);
        rows[i].alias = win::toUtf8(row.Alias);
    }
    const auto addresses = addressesByIndex();
    NetworkSection section;
    for (const NicInstance& instance :
         nicInstances(rows, ip_bound.ok() ? IpBindings::known : IpBindings::unknown)) {
        const MIB_IF_ROW2& row = table->Table[instance.row];
        InterfaceInfo nic;
        nic.index = row.InterfaceIndex;
        nic.description = std::move(rows[instance.row].description);
        nic.friendly_name = std::move(rows[instance.row].alias);
        nic.name = instance.name;
        nic.pdh_instance = instance.pdh_instance;
        nic.mac = formatMac(row.PhysicalAddress, row.PhysicalAddressLength);
        nic.oper_status = operStatus(row.OperStatus);
        nic.type = windowsInterfaceType(row.Type);
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
        nic.packets_received_unknown = row.InUnknownProtos;
        nic.output_queue_length = row.OutQLen;
        if (auto it = addresses.find(row.InterfaceIndex); it != addresses.end()) {
            nic.ipv4 = it->second.ipv4;
            nic.ipv6 = it->second.ipv6;
            nic.global_addresses = it->second.global;
        }
        section.interfaces.push_back(std::move(nic));
    }
    return section;
}

}  // namespace

std::unique_ptr<ConnectionSource> makeConnectionSource() {
    return std::make_unique<WindowsConnectionSource>();
}

std::unique_ptr<NetworkSource> makeNetworkSource() {
    return std::make_unique<NotingSource<NetworkSection>>(&readNetwork);
}

}  // namespace sysmetrics
