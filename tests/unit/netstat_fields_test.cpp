// Linux's /proc/net/{snmp,netstat,snmp6} fields as node_exporter's netstat collector names and
// filters them (node_netstat_* families were only the Tcp and Udp groups' fields).
#include "collectors/netstat_fields.h"

#include <gtest/gtest.h>

#include <map>

namespace sysmetrics {
namespace {

// /proc/net/netstat as Linux 6.1 writes it (each group's lines shortened).
const char* const kNetstat =
    "TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts DelayedACKs "
    "ListenOverflows ListenDrops TCPTimeouts TCPSynRetrans TCPOFOQueue TCPRcvQDrop\n"
    "TcpExt: 1 2 3 4 500 6 7 8 9 10 11\n"
    "IpExt: InNoRoutes InOctets OutOctets InCsumErrors\n"
    "IpExt: 0 123456789012 98765432101 0\n"
    "MPTcpExt: MPCapableSYNRX\n"
    "MPTcpExt: 0\n";

std::map<std::string, double> byName(const std::vector<NetstatField>& fields) {
    std::map<std::string, double> out;
    for (const auto& field : fields) {
        out[field.name] = field.value;
    }
    return out;
}

std::string problem(const Result<std::vector<NetstatField>>& parsed) {
    return parsed.ok() ? std::string() : parsed.error().describe();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(NetstatFields, GroupsAreNamedGroupUnderscoreField) {
    const auto fields = byName(parseNetstatGroups(kNetstat, "/proc/net/netstat").value());
    EXPECT_EQ(fields.size(), 16u);
    EXPECT_EQ(fields.at("TcpExt_ListenOverflows"), 6);
    EXPECT_EQ(fields.at("IpExt_InOctets"), 123456789012.0);
    EXPECT_EQ(fields.at("MPTcpExt_MPCapableSYNRX"), 0);
    // Tcp MaxConn is -1: a number, kept as node_exporter reads it.
    const auto snmp = byName(
        parseNetstatGroups("Tcp: RtoAlgorithm MaxConn\nTcp: 1 -1\n", "/proc/net/snmp").value());
    EXPECT_EQ(snmp.at("Tcp_MaxConn"), -1);
}

TEST(NetstatFields, MalformedGroupsNameTheFileAndTheGroup) {
    const std::string where = "/proc/net/netstat";
    EXPECT_TRUE(contains(problem(parseNetstatGroups("TcpExt: A B\n", where)), "/proc/net/netstat"));
    EXPECT_TRUE(contains(problem(parseNetstatGroups("TcpExt: A B\n", where)),
                         "the TcpExt header has no value line"));
    EXPECT_TRUE(contains(problem(parseNetstatGroups("TcpExt: A B\nIpExt: 1 2\n", where)),
                         "the TcpExt header has no value line"));
    EXPECT_TRUE(contains(problem(parseNetstatGroups("TcpExt: A B\nTcpExt: 1\n", where)),
                         "TcpExt has 2 names and 1 values"));
    EXPECT_TRUE(contains(problem(parseNetstatGroups("TcpExt: A B\nTcpExt: 1 x\n", where)),
                         "TcpExt B is not a number: 'x'"));
    EXPECT_TRUE(parseNetstatGroups("", where).value().empty());
}

TEST(NetstatFields, Snmp6LinesSplitAtTheFirstSixAsNodeExporterDoes) {
    const auto fields = byName(parseSnmp6Fields("Ip6InOctets 1000\n"
                                                "Icmp6InMsgs \t12\n"
                                                "Udp6InDatagrams 31\n"
                                                "UdpLite6InErrors 2\n"
                                                "Icmp6OutType133 4\n")
                                   .value());
    EXPECT_EQ(fields.at("Ip6_InOctets"), 1000);
    EXPECT_EQ(fields.at("Icmp6_InMsgs"), 12);
    EXPECT_EQ(fields.at("Udp6_InDatagrams"), 31);
    EXPECT_EQ(fields.at("UdpLite6_InErrors"), 2);
    EXPECT_EQ(fields.at("Icmp6_OutType133"), 4);
    EXPECT_TRUE(contains(problem(parseSnmp6Fields("Udp6InDatagrams 1 2\n")),
                         "Udp6InDatagrams has 2 values, not 1"));
    EXPECT_TRUE(contains(problem(parseSnmp6Fields("UdpInDatagrams 1\n")), "no '6'"));
    EXPECT_TRUE(contains(problem(parseSnmp6Fields("Udp6InDatagrams x\n")),
                         "Udp6InDatagrams is not a number: 'x'"));
}

TEST(NetstatFields, TheExportedSetIsNodeExportersDefaultAndTwoTcpFieldsOfOurs) {
    for (const char* name :
         {"Tcp_InErrs", "Udp_InErrors", "UdpLite6_InErrors", "Icmp_InErrors", "Ip_Forwarding",
          "Ip6_InOctets", "IpExt_OutOctets", "Icmp6_OutMsgs", "TcpExt_ListenDrops",
          "TcpExt_SyncookiesFailed", "TcpExt_TCPSynRetrans", "TcpExt_TCPTimeouts",
          "TcpExt_TCPOFOQueue", "TcpExt_TCPRcvQDrop", "Tcp_CurrEstab", "Tcp_AttemptFails",
          "Tcp_EstabResets", "Udp6_SndbufErrors"}) {
        EXPECT_TRUE(isExportedNetstatField(name)) << name;
    }
    for (const char* name : {"Tcp_MaxConn", "Tcp_RtoMin", "Ip_DefaultTTL", "TcpExt_DelayedACKs",
                             "UdpLite6_InDatagrams", "Icmp6_OutType133", "IpExt_InNoRoutes",
                             "MPTcpExt_MPCapableSYNRX", "XTcp_InSegs", "Tcp_InSegsX"}) {
        EXPECT_FALSE(isExportedNetstatField(name)) << name;
    }
    std::vector<NetstatField> kept;
    appendExportedNetstatFields(parseNetstatGroups(kNetstat, "/proc/net/netstat").value(), kept);
    std::vector<std::string> names;
    for (const auto& field : kept) {
        names.push_back(field.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{
                         "TcpExt_SyncookiesSent", "TcpExt_SyncookiesRecv",
                         "TcpExt_SyncookiesFailed", "TcpExt_ListenOverflows", "TcpExt_ListenDrops",
                         "TcpExt_TCPTimeouts", "TcpExt_TCPSynRetrans", "TcpExt_TCPOFOQueue",
                         "TcpExt_TCPRcvQDrop", "IpExt_InOctets", "IpExt_OutOctets"}));
}

}  // namespace
}  // namespace sysmetrics
