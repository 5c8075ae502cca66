#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sysmetrics {

// Which GetIfTable2 rows are instances of PDH's Network Interface object (which
// windows_exporter's windows_net_* series follow), and under which name. PDH's object is IP's:
// it has the interfaces bound to TCP/IP (IPv4 or IPv6) but the loopback, so no WAN miniport, no
// kernel debug adapter and no NIC bound only to a Hyper-V virtual switch.

constexpr std::uint32_t kIfTypeSoftwareLoopback = 24;  // IF_TYPE_SOFTWARE_LOOPBACK
constexpr std::uint32_t kIfTypeTunnel = 131;           // IF_TYPE_TUNNEL

// One GetIfTable2 row as the choice needs it.
struct IfTableRow {
    std::uint32_t type = 0;         // IFTYPE
    bool filter_interface = false;  // InterfaceAndOperStatusFlags.FilterInterface
    bool ip_bound = false;          // its LUID is in GetIpInterfaceTable(AF_UNSPEC)
    std::string description;        // UTF-8
    std::string alias;              // the friendly name ("Ethernet 2")
};

// Whether the rows' ip_bound is known: not when GetIpInterfaceTable failed, and then every row
// but the loopback counts as PDH's (what sysmetrics did before it read the IP bindings).
enum class IpBindings { known, unknown };

// One interface: a row that is not an NDIS filter layer.
struct NicInstance {
    std::size_t row = 0;        // its index in the rows
    std::string name;           // the nic label, distinct among the interfaces
    bool pdh_instance = false;  // whether PDH's Network Interface object lists it
};

// The interfaces in row order. The name is PDH's instance name: nicLabel of the alias of a tunnel
// PDH lists ("isatap.{GUID}", "Teredo Tunneling Pseudo-Interface"), else of the description (the
// alias when there is none; a WAN miniport tunnel keeps its description, "WAN Miniport [L2TP]").
// Names that collide get "_2", "_3", ... (uniqueNicLabels), PDH's instances claiming theirs before
// the interfaces PDH does not list.
std::vector<NicInstance> nicInstances(const std::vector<IfTableRow>& rows, IpBindings bindings);

// Makes the labels distinct, in the order given: a label already taken gets "_2", "_3", ...,
// never one a later label has as its own.
void uniqueNicLabels(const std::vector<std::string*>& labels);

}  // namespace sysmetrics
