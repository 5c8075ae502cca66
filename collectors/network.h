#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

struct Connection {
    std::string proto;  // "tcp" or "udp"
    int family = 4;     // 4 or 6
    std::string local_address;
    std::uint16_t local_port = 0;
    std::string remote_address;  // "" for an unconnected UDP socket (Windows: every UDP one)
    std::uint16_t remote_port = 0;
    std::string state;  // psutil's names: LISTEN, ESTABLISHED, ...; "NONE" for UDP
    std::optional<std::uint32_t> pid;
};

struct ConnectionSection : Section {
    static constexpr const char* kName = "connections";
    // The read of owning pids (ReadDemand), which the collector finds only while it is read.
    static constexpr const char* kOwnersPart = "connections.owners";
    std::vector<Connection> connections;
};

struct InterfaceInfo {
    std::string name;  // Windows: the nic label as windows_exporter writes it; Linux: device
    std::string friendly_name;  // Windows alias ("Ethernet 2"); Linux: the device name
    std::string description;
    std::string mac;
    std::uint32_t index = 0;
    std::string oper_status;  // "up", "down", ...
    std::optional<std::uint64_t> speed_bits_per_second;
    std::optional<std::uint32_t> mtu;
    std::string type;  // one of kInterfaceTypes
    // Windows: whether PDH's Network Interface object lists it, so windows_net_* series have it
    // (nicInstances: bound to IPv4 or IPv6, not the loopback). Linux: empty.
    std::optional<bool> pdh_instance;
    std::uint64_t bytes_received = 0, bytes_sent = 0;
    std::uint64_t packets_received = 0, packets_sent = 0;  // unicast + non-unicast
    std::uint64_t receive_errors = 0, transmit_errors = 0;
    std::uint64_t receive_discards = 0, transmit_discards = 0;
    // Per second since the previous collection; empty on the first one or across a reset.
    std::optional<double> bytes_received_per_second, bytes_sent_per_second;
    std::optional<double> packets_received_per_second, packets_sent_per_second;
    // Windows (GetIfTable2): inbound packets of an unknown or unsupported protocol
    // (InUnknownProtos) and the output queue length in packets (OutQLen, which Microsoft
    // documents as always 0 on NDIS interfaces). Linux has neither per device: absent.
    std::optional<std::uint64_t> packets_received_unknown;
    std::optional<std::uint64_t> output_queue_length;
    std::vector<std::string> ipv4;
    std::vector<std::string> ipv6;
    // The addresses windows_exporter's windows_net_nic_address_info lists: the unicast and
    // anycast ones that are global unicast (isGlobalUnicast), as {"ipv4"|"ipv6", text}.
    // Windows only (GetAdaptersAddresses).
    std::vector<std::pair<std::string, std::string>> global_addresses;
};

struct NetworkSection : Section {
    static constexpr const char* kName = "network";
    std::vector<InterfaceInfo> interfaces;
};

// Whether a read of the connection table finds each socket's owning pid, which costs on Linux
// (the descriptor tables of processes) and nothing on Windows (the OWNER_PID tables).
enum class OwnerLookup { skip, find };

// The connection table with owning pids. A source keeps what it learnt between reads (Linux:
// which process holds which socket), so a steady cycle costs little.
class ConnectionSource {
public:
    virtual ~ConnectionSource() = default;
    // With OwnerLookup::skip, pids may be absent (Linux) or present (where they come free).
    virtual Result<std::vector<Connection>> read(OwnerLookup owners) = 0;
    virtual std::vector<std::string> notes() const { return {}; }
    // Descriptor tables the last read opened to find owners (Linux; 0 in a steady state).
    virtual std::uint64_t lastDescriptorScans() const { return 0; }
    // Where the next read may take its rows' vector from: the collector puts there the rows of
    // a section no one holds any more, so a steady read writes over memory it had. Null (the
    // default): each read allocates its rows afresh.
    virtual std::vector<Connection>* listingStorage() { return nullptr; }
};
std::unique_ptr<ConnectionSource> makeConnectionSource();
// The interfaces; the notes say what the last read could not tell (Windows: GetIpInterfaceTable
// failing, when windows_net_* fall back to every interface but the loopback).
using NetworkSource = SectionSource<NetworkSection>;
std::unique_ptr<NetworkSource> makeNetworkSource();

// Fills the per-second rates of `current`'s interfaces from the same-named ones in `previous`.
void deriveInterfaceRates(const NetworkSection& previous, NetworkSection& current, double seconds);

// ---- Portable interpretation ----

// Addresses as RFC 5952 text from network-order bytes.
std::string formatIpv4(const std::uint8_t bytes[4]);
std::string formatIpv6(const std::uint8_t bytes[16]);
// An endpoint's IPv6 address with its zone (RFC 4007 section 11: "fe80::1%12") when the scope
// id is not 0: link-local addresses are ambiguous without the interface they belong to.
std::string formatIpv6(const std::uint8_t bytes[16], std::uint32_t scope_id);

// MIB_TCP_STATE (1..12) to psutil's state names.
const std::string& windowsTcpStateName(std::uint32_t state);
// /proc/net/tcp "st" (hex) to the same names.
const std::string& linuxTcpStateName(std::uint32_t state);
// windows_exporter's label for a state name: LISTEN -> LISTENING, SYN_RECV -> SYN_RECEIVED.
std::string windowsExporterStateLabel(const std::string& state);

// The readable interface types both platforms give (InterfaceInfo::type): ethernet, wireless,
// loopback, tunnel, ppp, other.
extern const std::vector<std::string> kInterfaceTypes;
// An IF_TYPE (ipifcons.h, MIB_IF_ROW2::Type) as one of them.
std::string windowsInterfaceType(std::uint32_t if_type);
// An ARPHRD_* number (/sys/class/net/X/type) as one of them; `wireless`: the device has a
// /sys/class/net/X/wireless or phy80211 entry (Wi-Fi devices say ARPHRD_ETHER).
std::string linuxInterfaceType(std::uint32_t arphrd, bool wireless);

// The OWNER_PID tables of GetExtendedTcpTable/GetExtendedUdpTable, parsed from their bytes and
// appended to `out`.
void appendTcp4Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out);
void appendTcp6Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out);
void appendUdp4Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out);
void appendUdp6Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out);

// /proc/net/{tcp,tcp6,udp,udp6}; the socket inode of each row comes back in `inodes`.
std::vector<Connection> parseProcNet(std::string_view text, const std::string& proto, int family,
                                     std::vector<std::uint64_t>* inodes);
// "socket:[12345]" -> 12345.
std::optional<std::uint64_t> socketInodeFromLink(std::string_view link);

// /proc/net/dev into per-device counters.
std::vector<InterfaceInfo> parseProcNetDev(std::string_view text);

// windows_exporter's nic label since v0.30: the PDH Network Interface instance name of the
// adapter description, for which PDH writes "(" as "[", ")" as "]" and "#" and "/" as "_"
// ("Intel[R] Ethernet Connection [7] I219-V", "... Adapter _2"). Up to v0.29 every character
// but [a-zA-Z0-9] became "_".
std::string nicLabel(const std::string& description);

// Makes the nic labels distinct: descriptions that differ only in characters nicLabel replaces
// ("(1)" and "[1]") would give the same series twice, which fails the whole scrape. The later
// ones get "_2", "_3", ... in interface order, as Windows numbers duplicate adapter descriptions
// "#2" (which nicLabel makes "_2"); never a label another interface has. PDH's instances
// (pdh_instance not false) claim theirs before the others (see uniqueNicLabels).
void makeNicLabelsUnique(std::vector<InterfaceInfo>& interfaces);

std::string formatMac(const std::uint8_t* bytes, std::size_t length);

// Whether an address (network-order bytes) is a global unicast one in Go's net.IP sense, which
// windows_exporter applies to windows_net_nic_address_info: neither unspecified, loopback,
// multicast, link-local (169.254/16, fe80::/10) nor the IPv4 broadcast address. Private
// addresses (10/8, fc00::/7) are global unicast. An IPv4-mapped IPv6 address is judged as IPv4.
bool isGlobalUnicastIpv4(const std::uint8_t bytes[4]);
bool isGlobalUnicastIpv6(const std::uint8_t bytes[16]);

// windows_exporter's windows_net_nic_operation_status `status` values, in IfOperStatus order
// (1 up .. 7 lower layer down), each beside the oper_status text this collector keeps
// ("notpresent", "lowerlayerdown", as Linux sysfs operstate also writes them).
const std::vector<std::pair<std::string, std::string>>& exporterOperStatuses();

// The interface index of an IP_ADAPTER_ADDRESSES entry: IfIndex, which is 0 when IPv4 is not
// enabled on the interface (Microsoft's documentation), else Ipv6IfIndex, so IPv6-only interfaces
// keep their addresses.
std::uint32_t adapterInterfaceIndex(std::uint32_t if_index, std::uint32_t ipv6_if_index);

}  // namespace sysmetrics
