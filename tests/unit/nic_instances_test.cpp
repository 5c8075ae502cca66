// Which GetIfTable2 rows are PDH Network Interface instances (windows_net_* series) and under
// which nic label, on rows as Windows lists them.
#include <gtest/gtest.h>

#include "collectors/network.h"
#include "collectors/network_collector.h"
#include "collectors/nic_instances.h"
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {

constexpr std::uint32_t kEthernet = 6;  // IF_TYPE_ETHERNET_CSMACD

IfTableRow row(std::uint32_t type, bool ip_bound, std::string description, std::string alias) {
    IfTableRow r;
    r.type = type;
    r.ip_bound = ip_bound;
    r.description = std::move(description);
    r.alias = std::move(alias);
    return r;
}

// A Windows 11 host with Hyper-V: GetIfTable2's rows in its order. PDH's Network Interface lists
// the vEthernet adapter, the Wi-Fi NIC and the ISATAP and Teredo tunnels.
std::vector<IfTableRow> hyperVHost() {
    std::vector<IfTableRow> rows;
    // 0: bound only to the Hyper-V virtual switch (no IPv4/IPv6): PDH reads it 0, has no instance
    rows.push_back(row(kEthernet, false, "Intel(R) Ethernet Connection (7) I219-V", "Ethernet"));
    // 1: its NDIS filter layer
    rows.push_back(row(kEthernet, false,
                       "Intel(R) Ethernet Connection (7) I219-V-WFP Native MAC Layer "
                       "LightWeight Filter-0000",
                       "Ethernet-WFP Native MAC Layer LightWeight Filter-0000"));
    rows.back().filter_interface = true;
    // 2: the loopback, bound to both families but not a PDH instance
    rows.push_back(row(kIfTypeSoftwareLoopback, true, "Software Loopback Interface 1",
                       "Loopback Pseudo-Interface 1"));
    // 3, 4: WAN miniports: no IP binding (RAS binds IP to its connections, not the miniport)
    rows.push_back(row(kEthernet, false, "WAN Miniport (IP)", "Local Area Connection* 5"));
    rows.push_back(row(kIfTypeTunnel, false, "WAN Miniport (L2TP)", "Local Area Connection* 2"));
    // 5: the kernel debug adapter, not bound either
    rows.push_back(row(kEthernet, false, "Microsoft Kernel Debug Network Adapter",
                       "Local Area Connection* 1"));
    // 6: the host's vNIC on the switch, bound to IP
    rows.push_back(row(kEthernet, true, "Hyper-V Virtual Ethernet Adapter", "vEthernet (LAN)"));
    // 7: Wi-Fi, bound
    rows.push_back(row(71, true, "Intel(R) Wi-Fi 6 AX201 160MHz", "Wi-Fi"));
    // 8, 9: tunnels, which PDH names by their alias
    rows.push_back(row(kIfTypeTunnel, true, "Microsoft ISATAP Adapter #2",
                       "isatap.{5A3C1B2D-0E4F-4A6B-8C9D-0123456789AB}"));
    rows.push_back(row(kIfTypeTunnel, true, "Microsoft Teredo Tunneling Adapter",
                       "Teredo Tunneling Pseudo-Interface"));
    return rows;
}

std::map<std::string, bool> byName(const std::vector<NicInstance>& nics) {
    std::map<std::string, bool> out;
    for (const auto& nic : nics) {
        out[nic.name] = nic.pdh_instance;
    }
    return out;
}

}  // namespace

TEST(NicInstances, PdhListsTheIpBoundInterfacesButTheLoopback) {
    const auto nics = nicInstances(hyperVHost(), IpBindings::known);
    ASSERT_EQ(nics.size(), 9u);  // every row but the filter layer
    EXPECT_EQ(nics[0].row, 0u);
    EXPECT_EQ(nics[1].row, 2u);
    const std::map<std::string, bool> expected = {
        {"Intel[R] Ethernet Connection [7] I219-V", false},  // vSwitch only
        {"Software Loopback Interface 1", false},
        {"WAN Miniport [IP]", false},
        {"WAN Miniport [L2TP]", false},  // a tunnel, but not bound: not PDH's
        {"Microsoft Kernel Debug Network Adapter", false},
        {"Hyper-V Virtual Ethernet Adapter", true},
        {"Intel[R] Wi-Fi 6 AX201 160MHz", true},
        {"isatap.{5A3C1B2D-0E4F-4A6B-8C9D-0123456789AB}", true},
        {"Teredo Tunneling Pseudo-Interface", true},
    };
    EXPECT_EQ(byName(nics), expected);
}

TEST(NicInstances, WithoutTheIpBindingsEveryInterfaceButTheLoopbackCountsAsBefore) {
    const auto nics = nicInstances(hyperVHost(), IpBindings::unknown);
    ASSERT_EQ(nics.size(), 9u);
    for (const auto& nic : nics) {
        EXPECT_EQ(nic.pdh_instance, nic.name != "Software Loopback Interface 1") << nic.name;
    }
}

TEST(NicInstances, AnInterfaceWithoutADescriptionIsNamedByItsAlias) {
    const auto nics = nicInstances({row(kEthernet, true, "", "Ethernet (2)")}, IpBindings::known);
    ASSERT_EQ(nics.size(), 1u);
    EXPECT_EQ(nics[0].name, "Ethernet [2]");
}

// Windows numbers a repeated description "#2" (nicLabel: "_2"); descriptions that differ only in
// characters nicLabel replaces give one label, and the later interface gets "_2". An interface
// PDH does not list never takes the plain label from one it does, though it comes first.
TEST(NicInstances, CollidingLabelsAreNumberedPdhInstancesFirst) {
    const auto nics = nicInstances(
        {
            row(kEthernet, false, "Adapter (1)", "Ethernet 3"),  // not bound
            row(kEthernet, true, "Adapter (1)", "Ethernet"),
            row(kEthernet, true, "Adapter [1]", "Ethernet 2"),
            row(kEthernet, true, "Adapter (1) #2", "Ethernet 4"),
        },
        IpBindings::known);
    ASSERT_EQ(nics.size(), 4u);
    EXPECT_EQ(nics[1].name, "Adapter [1]");
    EXPECT_EQ(nics[2].name, "Adapter [1]_2");
    EXPECT_EQ(nics[3].name, "Adapter [1] _2");  // Windows' own "#2"
    EXPECT_EQ(nics[0].name, "Adapter [1]_3");
    EXPECT_FALSE(nics[0].pdh_instance);
}

TEST(NicInstances, WindowsSeriesHaveOnlyPdhInstancesAndRestListsEveryInterface) {
    NetworkSection section;
    for (const auto& nic : nicInstances(hyperVHost(), IpBindings::known)) {
        InterfaceInfo info;
        info.name = nic.name;
        info.pdh_instance = nic.pdh_instance;
        section.interfaces.push_back(info);
    }
    FamilyList families;
    appendNetworkMetrics(section, MetricNaming::windows, families);
    const TextFamily* bytes = families.find("windows_net_bytes_received_total");
    ASSERT_NE(bytes, nullptr);
    EXPECT_NE(bytes->samples.find("nic=\"Teredo Tunneling Pseudo-Interface\""), std::string::npos);
    EXPECT_NE(bytes->samples.find("nic=\"Hyper-V Virtual Ethernet Adapter\""), std::string::npos);
    for (const char* absent : {"WAN Miniport", "Loopback", "Kernel Debug", "I219-V"}) {
        EXPECT_EQ(bytes->samples.find(absent), std::string::npos) << absent << bytes->samples;
    }
}

// A source whose every read cannot tell the IP bindings, as Wine's and a broken host's.
class NotedNetworkSource : public NetworkSource {
public:
    Result<NetworkSection> read() override {
        notes_ = {"GetIpInterfaceTable(AF_UNSPEC) failed"};
        InterfaceInfo nic;
        nic.name = "Ethernet";
        nic.pdh_instance = true;
        NetworkSection section;
        section.interfaces = {nic};
        return section;
    }
    std::vector<std::string> notes() const override { return notes_; }

private:
    std::vector<std::string> notes_;
};

TEST(NicInstances, TheCollectorKeepsTheSourcesNotes) {
    NetworkCollector collector(std::make_unique<NotedNetworkSource>());
    EXPECT_EQ(collector.name(), "network");
    ASSERT_TRUE(collector.collect().ok());
    ASSERT_TRUE(collector.collect().ok());  // a cycle's notes replace the last cycle's
    EXPECT_EQ(collector.notes(), std::vector<std::string>{"GetIpInterfaceTable(AF_UNSPEC) failed"});
}

}  // namespace sysmetrics
