#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>

#include "collectors/network.h"
#include "config/connection_settings.h"
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {

class TableBuilder {
public:
    explicit TableBuilder(std::size_t row_size) : row_size_(row_size) { bytes_.resize(4, 0); }
    std::uint8_t* addRow() {
        const std::uint32_t count = rows_++ + 1;
        std::memcpy(bytes_.data(), &count, 4);
        bytes_.resize(bytes_.size() + row_size_, 0);
        return bytes_.data() + bytes_.size() - row_size_;
    }
    const std::vector<std::uint8_t>& bytes() const { return bytes_; }

private:
    std::size_t row_size_;
    std::uint32_t rows_ = 0;
    std::vector<std::uint8_t> bytes_;
};

void putDword(std::uint8_t* at, std::uint32_t value) {
    std::memcpy(at, &value, 4);
}
// The port as Windows stores it: network byte order in the low 16 bits.
void putPort(std::uint8_t* at, std::uint16_t port) {
    at[0] = static_cast<std::uint8_t>(port >> 8);
    at[1] = static_cast<std::uint8_t>(port & 0xFF);
    at[2] = at[3] = 0;
}

using AppendTable = void (*)(const std::uint8_t*, std::size_t, std::vector<Connection>&);
std::vector<Connection> parsed(AppendTable append, const std::vector<std::uint8_t>& bytes) {
    std::vector<Connection> rows;
    append(bytes.data(), bytes.size(), rows);
    return rows;
}

}  // namespace

TEST(Addresses, Ipv4AndRfc5952Ipv6) {
    const std::uint8_t v4[4] = {192, 168, 1, 20};
    EXPECT_EQ(formatIpv4(v4), "192.168.1.20");
    std::uint8_t v6[16] = {};
    EXPECT_EQ(formatIpv6(v6), "::");
    v6[15] = 1;
    EXPECT_EQ(formatIpv6(v6), "::1");
    const std::uint8_t doc[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
    EXPECT_EQ(formatIpv6(doc), "2001:db8::1:0:0:1");
    const std::uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 7};
    EXPECT_EQ(formatIpv6(mapped), "::ffff:10.0.0.7");
    const std::uint8_t single_zero[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1,
                                          0,    1,    0,    1,    0, 1, 0, 1};
    EXPECT_EQ(formatIpv6(single_zero), "2001:db8:0:1:1:1:1:1");  // one zero group is not "::"
}

// Each octet and group width, and where "::" can fall: no digit dropped or zero-padded.
TEST(Addresses, EveryWidthOfOctetAndGroup) {
    const std::uint8_t widths[4] = {0, 9, 10, 255};
    EXPECT_EQ(formatIpv4(widths), "0.9.10.255");
    const std::uint8_t hundreds[4] = {100, 199, 200, 99};
    EXPECT_EQ(formatIpv4(hundreds), "100.199.200.99");
    const std::uint8_t groups[16] = {0x00, 0x0a, 0x00, 0xb0, 0x0c, 0x00, 0xd0, 0x00,
                                     0xff, 0xff, 0x00, 0x01, 0x10, 0x00, 0xab, 0xcd};
    EXPECT_EQ(formatIpv6(groups), "a:b0:c00:d000:ffff:1:1000:abcd");
    const std::uint8_t trailing[16] = {0xfe, 0x80};
    EXPECT_EQ(formatIpv6(trailing), "fe80::");
    // Two runs of the same length: the first becomes "::" (RFC 5952 section 4.2.3).
    const std::uint8_t tie[16] = {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4};
    EXPECT_EQ(formatIpv6(tie), "1::2:0:0:3:4");
    EXPECT_EQ(formatIpv6(tie, 12), "1::2:0:0:3:4%12");
}

TEST(WindowsTables, Tcp4RowsWithEveryState) {
    TableBuilder table(24);
    for (std::uint32_t state = 1; state <= 12; state++) {
        std::uint8_t* row = table.addRow();
        putDword(row, state);
        row[4] = 127, row[5] = 0, row[6] = 0, row[7] = 1;
        putPort(row + 8, 8080);
        row[12] = 10, row[13] = 1, row[14] = 2, row[15] = 3;
        putPort(row + 16, 443);
        putDword(row + 20, 1000 + state);
    }
    const auto rows = parsed(&appendTcp4Table, table.bytes());
    ASSERT_EQ(rows.size(), 12u);
    EXPECT_EQ(rows[0].state, "CLOSE");
    EXPECT_EQ(rows[1].state, "LISTEN");
    EXPECT_EQ(rows[4].state, "ESTABLISHED");
    EXPECT_EQ(rows[10].state, "TIME_WAIT");
    EXPECT_EQ(rows[11].state, "DELETE_TCB");
    EXPECT_EQ(rows[4].local_address, "127.0.0.1");
    EXPECT_EQ(rows[4].local_port, 8080);
    EXPECT_EQ(rows[4].remote_address, "10.1.2.3");
    EXPECT_EQ(rows[4].remote_port, 443);
    EXPECT_EQ(rows[4].pid, 1005u);
    EXPECT_EQ(windowsExporterStateLabel(rows[1].state), "LISTENING");
    EXPECT_EQ(windowsExporterStateLabel("SYN_RECV"), "SYN_RECEIVED");
    EXPECT_EQ(windowsTcpStateName(99), "UNKNOWN");
}

TEST(WindowsTables, Tcp6Udp4Udp6AndTruncation) {
    TableBuilder tcp6(56);
    std::uint8_t* row = tcp6.addRow();
    row[15] = 1;  // ::1
    putPort(row + 20, 9185);
    putPort(row + 44, 50000);
    putDword(row + 48, 5);
    putDword(row + 52, 77);
    auto rows = parsed(&appendTcp6Table, tcp6.bytes());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].family, 6);
    EXPECT_EQ(rows[0].local_address, "::1");
    EXPECT_EQ(rows[0].local_port, 9185);
    EXPECT_EQ(rows[0].remote_port, 50000);
    EXPECT_EQ(rows[0].state, "ESTABLISHED");
    EXPECT_EQ(rows[0].pid, 77u);

    // Link-local endpoints keep their interface (scope id), as RFC 4007 zones; 0 adds nothing.
    row = tcp6.addRow();
    row[0] = 0xfe;
    row[1] = 0x80;
    row[15] = 2;
    putDword(row + 16, 12);
    row[24] = 0xfe;
    row[25] = 0x80;
    row[39] = 3;
    putDword(row + 40, 12);
    putDword(row + 48, 5);
    rows = parsed(&appendTcp6Table, tcp6.bytes());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].remote_address, "::");
    EXPECT_EQ(rows[1].local_address, "fe80::2%12");
    EXPECT_EQ(rows[1].remote_address, "fe80::3%12");

    TableBuilder udp4(12);
    row = udp4.addRow();
    putPort(row + 4, 53);
    putDword(row + 8, 4);
    rows = parsed(&appendUdp4Table, udp4.bytes());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].proto, "udp");
    EXPECT_EQ(rows[0].local_port, 53);
    EXPECT_EQ(rows[0].state, "NONE");

    TableBuilder udp6(28);
    row = udp6.addRow();
    row[0] = 0xfe;
    row[1] = 0x80;
    row[15] = 1;
    putDword(row + 16, 7);
    putPort(row + 20, 5353);
    putDword(row + 24, 9);
    rows = parsed(&appendUdp6Table, udp6.bytes());
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].local_port, 5353);
    EXPECT_EQ(rows[0].local_address, "fe80::1%7");

    // A count larger than the rows present reads only what is there.
    std::vector<std::uint8_t> lying = udp4.bytes();
    const std::uint32_t many = 1000;
    std::memcpy(lying.data(), &many, 4);
    EXPECT_EQ(parsed(&appendUdp4Table, lying).size(), 1u);
    std::vector<Connection> none;
    appendTcp4Table(nullptr, 0, none);
    EXPECT_TRUE(none.empty());

    // Each table is appended after what is there: the four make one table, in order.
    std::vector<Connection> all{Connection{}};
    appendTcp6Table(tcp6.bytes().data(), tcp6.bytes().size(), all);
    appendUdp4Table(udp4.bytes().data(), udp4.bytes().size(), all);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].local_port, 0);
    EXPECT_EQ(all[1].local_port, 9185);
    EXPECT_EQ(all[2].local_address, "fe80::2%12");
    EXPECT_EQ(all[3].local_port, 53);
}

TEST(ProcNet, TcpAndTcp6LinesWithInodes) {
    const char* tcp =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
        "timeout inode\n"
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        "
        "0 12345 1 0000000000000000 100 0 0 10 0\n"
        "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        "
        "0 23456 1 0000000000000000 20 4 30 10 -1\n"
        "   2: garbage\n";
    std::vector<std::uint64_t> inodes;
    const auto rows = parseProcNet(tcp, "tcp", 4, &inodes);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].local_address, "127.0.0.1");
    EXPECT_EQ(rows[0].local_port, 8080);
    EXPECT_EQ(rows[0].state, "LISTEN");
    EXPECT_EQ(rows[1].state, "ESTABLISHED");
    EXPECT_EQ(rows[1].remote_port, 50000);
    EXPECT_EQ(inodes, (std::vector<std::uint64_t>{12345, 23456}));

    const char* tcp6 =
        "  sl  local_address                         remote_address                        st "
        "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 00000000000000000000000001000000:2399 00000000000000000000000000000000:0000 0A "
        "00000000:00000000 00:00000000 00000000     0        0 999 1\n";
    const auto rows6 = parseProcNet(tcp6, "tcp", 6, nullptr);
    ASSERT_EQ(rows6.size(), 1u);
    EXPECT_EQ(rows6[0].local_address, "::1");
    EXPECT_EQ(rows6[0].local_port, 9113);
    for (std::uint32_t s = 1; s <= 12; s++) {
        EXPECT_NE(linuxTcpStateName(s), "UNKNOWN") << s;
    }
}

TEST(ProcNet, SocketLinksAndNetDev) {
    EXPECT_EQ(socketInodeFromLink("socket:[4242]"), 4242u);
    EXPECT_FALSE(socketInodeFromLink("pipe:[4242]"));
    EXPECT_FALSE(socketInodeFromLink("socket:[]"));
    const char* dev =
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
        "drop fifo colls carrier compressed\n"
        "    lo: 1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0\n"
        "  eth0: 5 6 0 0 0 0 0 0 7 8 0 0 0 0 0 0\n";
    const auto nics = parseProcNetDev(dev);
    ASSERT_EQ(nics.size(), 2u);
    EXPECT_EQ(nics[0].name, "lo");
    EXPECT_EQ(nics[0].bytes_received, 1000u);
    EXPECT_EQ(nics[0].packets_sent, 20u);
    EXPECT_EQ(nics[0].receive_errors, 1u);
    EXPECT_EQ(nics[0].transmit_discards, 4u);
    EXPECT_EQ(nics[1].bytes_sent, 7u);
}

TEST(Nic, LabelsAndMac) {
    // v0.30+: the PDH instance name, which keeps spaces, dashes and non-ASCII letters.
    EXPECT_EQ(nicLabel("Intel(R) Ethernet Connection (7) I219-V #2"),
              "Intel[R] Ethernet Connection [7] I219-V _2");
    EXPECT_EQ(nicLabel("Wi-Fi 6 AX201 160MHz/x"), "Wi-Fi 6 AX201 160MHz_x");
    EXPECT_EQ(nicLabel("Netzwerkkarte \xc3\xa4"), "Netzwerkkarte \xc3\xa4");
    const std::uint8_t mac[6] = {0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e};
    EXPECT_EQ(formatMac(mac, 6), "00:1a:2b:3c:4d:5e");
}

// Audit W14: windows_tcp_connections_established is PDH "Connections Established", RFC 1213
// tcpCurrEstab (ESTABLISHED + CLOSE-WAIT). The tcp collector reads that count itself
// (MIB_TCPSTATS dwCurrEstab, tests/unit/tcp_test.cpp); the connection table's exposition leaves
// the family alone, so a scrape of both never has its series twice.
TEST(WindowsTables, ConnectionsLeaveConnectionsEstablishedToTheTcpCollector) {
    TableBuilder table(24);
    for (std::uint32_t state : {5u, 8u, 11u}) {  // ESTABLISHED, CLOSE_WAIT, LISTEN
        std::uint8_t* row = table.addRow();
        putDword(row, state);
        row[4] = 127, row[7] = 1;
        putPort(row + 8, 9000);
    }
    ConnectionSection section;
    section.connections = parsed(&appendTcp4Table, table.bytes());
    ASSERT_EQ(section.connections.size(), 3u);
    RenderContext context(MetricNaming::windows);
    auto counted = std::make_shared<ConnectionSettings>();
    counted->state_counts = true;  // the Windows default
    context.settings.set(ConnectionSettings::kCollector, counted);
    FamilyList families;
    appendConnectionMetrics(section, context, families);
    EXPECT_EQ(families.find("windows_tcp_connections_established"), nullptr);
    const TextFamily* states = families.find("windows_tcp_connections_state_count");
    ASSERT_NE(states, nullptr);
    EXPECT_NE(states->samples.find("{af=\"ipv4\",state=\"CLOSE_WAIT\"} 1\n"), std::string::npos)
        << states->samples;
}

// Per-state counts are opt-in on Linux (a dump walks the kernel's whole TCP hash table) and on
// by default on Windows, as windows_exporter's tcp collector; while off, a scrape reads nothing
// of the connections collector, so it idles.
TEST(ConnectionMetrics, StateCountsFollowTheirSettingAndSoDoTheScrapesReads) {
    ConnectionSection section;
    Connection c;
    c.proto = "tcp";
    c.family = 4;
    c.state = "LISTEN";
    section.connections = {c};
    c.proto = "udp";
    c.state = "";
    section.connections.push_back(c);
    RenderContext context(MetricNaming::linux);
    auto settings = std::make_shared<ConnectionSettings>();
    settings->state_counts = false;
    context.settings.set(ConnectionSettings::kCollector, settings);
    FamilyList off;
    appendConnectionMetrics(section, context, off);
    EXPECT_TRUE(off.families().empty()) << off.text();
    EXPECT_TRUE(connectionMetricsReads(context.settings).empty());

    settings->state_counts = true;
    FamilyList on;
    appendConnectionMetrics(section, context, on);
    EXPECT_NE(on.text().find("sysmetrics_tcp_connections{af=\"ipv4\",state=\"LISTEN\"} 1\n"),
              std::string::npos)
        << on.text();
    EXPECT_NE(on.text().find("sysmetrics_udp_endpoints{af=\"ipv4\"} 1\n"), std::string::npos);
    EXPECT_EQ(connectionMetricsReads(context.settings),
              std::vector<std::string>{ConnectionSection::kName});

    settings->state_counts = false;
    settings->per_process = true;  // owners and their names, whatever the counts say
    EXPECT_EQ(connectionMetricsReads(context.settings).size(), 3u);
#ifdef _WIN32
    EXPECT_TRUE(ConnectionSettings{}.state_counts);
#else
    EXPECT_FALSE(ConnectionSettings{}.state_counts);
#endif
}

// Audit W23: an IPv6-only interface has IfIndex 0; its addresses go to its Ipv6IfIndex.
TEST(Nic, AnIpv6OnlyAdapterIsKeyedByItsIpv6Index) {
    EXPECT_EQ(adapterInterfaceIndex(12, 12), 12u);
    EXPECT_EQ(adapterInterfaceIndex(0, 17), 17u);
    EXPECT_EQ(adapterInterfaceIndex(5, 0), 5u);
}

// Audit W24: descriptions that differ only in characters nicLabel replaces map to one label.
TEST(Nic, LabelsThatCollideAreNumberedAndNeverTakeAnotherInterfacesLabel) {
    std::vector<InterfaceInfo> nics(4);
    nics[0].name = nicLabel("Adapter (1)");
    nics[1].name = nicLabel("Adapter [1]");  // the same label
    nics[2].name = nicLabel("Adapter (1]");  // the same again
    nics[3].name = nics[0].name + "_2";      // an adapter whose own label is "_2"
    ASSERT_EQ(nics[0].name, nics[1].name);
    makeNicLabelsUnique(nics);
    EXPECT_EQ(nics[0].name, "Adapter [1]");
    EXPECT_EQ(nics[1].name, "Adapter [1]_3");
    EXPECT_EQ(nics[2].name, "Adapter [1]_4");
    EXPECT_EQ(nics[3].name, "Adapter [1]_2");
}

TEST(Nic, WindowsSeriesLeaveOutTheLoopbackAsPdhNetworkInterfaceDoes) {
    NetworkSection section;
    section.interfaces.resize(2);
    section.interfaces[0].name = "Intel_R__Ethernet";
    section.interfaces[0].type = "ethernet";
    section.interfaces[0].pdh_instance = true;
    section.interfaces[1].name = "Software_Loopback_Interface_1";
    section.interfaces[1].type = "loopback";
    section.interfaces[1].pdh_instance = false;  // as nicInstances judges it
    FamilyList families;
    appendNetworkMetrics(section, MetricNaming::windows, families);
    const TextFamily* bytes = families.find("windows_net_bytes_received_total");
    ASSERT_NE(bytes, nullptr);
    EXPECT_NE(bytes->samples.find("nic=\"Intel_R__Ethernet\""), std::string::npos);
    EXPECT_EQ(bytes->samples.find("Loopback"), std::string::npos) << bytes->samples;
}

TEST(Nic, GlobalUnicastAsGoJudgesItForNicAddressInfo) {
    const auto v4 = [](std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
        const std::uint8_t bytes[4] = {a, b, c, d};
        return isGlobalUnicastIpv4(bytes);
    };
    EXPECT_TRUE(v4(192, 168, 1, 20));  // private addresses are global unicast in Go's sense
    EXPECT_TRUE(v4(10, 0, 0, 1));
    EXPECT_TRUE(v4(8, 8, 8, 8));
    EXPECT_FALSE(v4(0, 0, 0, 0));
    EXPECT_FALSE(v4(127, 0, 0, 1));
    EXPECT_FALSE(v4(169, 254, 3, 4));
    EXPECT_FALSE(v4(224, 0, 0, 251));
    EXPECT_FALSE(v4(239, 255, 255, 250));
    EXPECT_FALSE(v4(255, 255, 255, 255));
    EXPECT_TRUE(v4(255, 255, 255, 254));

    std::uint8_t v6[16] = {};
    EXPECT_FALSE(isGlobalUnicastIpv6(v6));  // ::
    v6[15] = 1;
    EXPECT_FALSE(isGlobalUnicastIpv6(v6));  // ::1
    const std::uint8_t doc[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_TRUE(isGlobalUnicastIpv6(doc));
    const std::uint8_t ula[16] = {0xfd, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_TRUE(isGlobalUnicastIpv6(ula));
    const std::uint8_t link_local[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_FALSE(isGlobalUnicastIpv6(link_local));
    const std::uint8_t link_local_top[16] = {0xfe, 0xbf, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_FALSE(isGlobalUnicastIpv6(link_local_top));
    const std::uint8_t site_local[16] = {0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_TRUE(isGlobalUnicastIpv6(site_local));  // deprecated, but not link-local to Go
    const std::uint8_t multicast[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    EXPECT_FALSE(isGlobalUnicastIpv6(multicast));
    std::uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 7};
    EXPECT_TRUE(isGlobalUnicastIpv6(mapped));
    mapped[12] = 127;
    EXPECT_FALSE(isGlobalUnicastIpv6(mapped));  // ::ffff:127.0.0.7 is judged as 127.0.0.7
}

TEST(Nic, WindowsExporterFamiliesOfIssue21) {
    NetworkSection section;
    section.interfaces.resize(2);
    InterfaceInfo& up = section.interfaces[0];
    up.name = "Intel[R] Ethernet";
    up.type = "ethernet";
    up.oper_status = "up";
    up.packets_received = 70;
    up.packets_sent = 30;
    up.packets_received_unknown = 4;
    up.output_queue_length = 0;
    up.global_addresses = {{"ipv4", "192.168.1.20"}, {"ipv6", "2001:db8::1"}};
    InterfaceInfo& down = section.interfaces[1];
    down.name = "Wi-Fi Adapter";
    down.type = "wireless";
    down.oper_status = "lowerlayerdown";
    down.global_addresses = {{"ipv4", "10.0.0.5"}};  // not up: windows_exporter lists none
    FamilyList families;
    appendNetworkMetrics(section, MetricNaming::windows, families);
    const auto samples = [&](const char* name) {
        const TextFamily* family = families.find(name);
        return family ? family->samples : std::string("(absent)");
    };
    EXPECT_NE(samples("windows_net_packets_total").find("{nic=\"Intel[R] Ethernet\"} 100\n"),
              std::string::npos)
        << samples("windows_net_packets_total");
    EXPECT_NE(samples("windows_net_packets_received_unknown_total")
                  .find("{nic=\"Intel[R] Ethernet\"} 4\n"),
              std::string::npos);
    EXPECT_NE(
        samples("windows_net_output_queue_length_packets").find("{nic=\"Intel[R] Ethernet\"} 0\n"),
        std::string::npos);
    // The second interface has no InUnknownProtos/OutQLen: absent, not 0.
    EXPECT_EQ(samples("windows_net_packets_received_unknown_total").find("Wi-Fi"),
              std::string::npos);

    const std::string status = samples("windows_net_nic_operation_status");
    for (const char* label :
         {"up", "down", "testing", "unknown", "dormant", "not present", "lower layer down"}) {
        EXPECT_NE(status.find("{nic=\"Intel[R] Ethernet\",status=\"" + std::string(label) + "\"}"),
                  std::string::npos)
            << label << "\n"
            << status;
    }
    EXPECT_NE(status.find("{nic=\"Intel[R] Ethernet\",status=\"up\"} 1\n"), std::string::npos);
    EXPECT_NE(status.find("{nic=\"Intel[R] Ethernet\",status=\"down\"} 0\n"), std::string::npos);
    EXPECT_NE(status.find("{nic=\"Wi-Fi Adapter\",status=\"lower layer down\"} 1\n"),
              std::string::npos);
    EXPECT_NE(status.find("{nic=\"Wi-Fi Adapter\",status=\"up\"} 0\n"), std::string::npos);

    const std::string addresses = samples("windows_net_nic_address_info");
    EXPECT_NE(
        addresses.find("{nic=\"Intel[R] Ethernet\",address=\"192.168.1.20\",family=\"ipv4\"} 1"),
        std::string::npos)
        << addresses;
    EXPECT_NE(
        addresses.find("{nic=\"Intel[R] Ethernet\",address=\"2001:db8::1\",family=\"ipv6\"} 1"),
        std::string::npos);
    EXPECT_EQ(addresses.find("10.0.0.5"), std::string::npos) << addresses;
}

}  // namespace sysmetrics

#include "collectors/sock_diag.h"
#include "collectors/socket_owner_map.h"
#include "tests/common/netlink_bytes.h"

namespace sysmetrics {

namespace {

// inet_diag messages as the kernel writes them (linux/inet_diag.h).
class NetlinkBuilder : public test::NetlinkBytes {
public:
    struct Socket {
        std::uint8_t family;  // 2 = AF_INET, 10 = AF_INET6
        std::uint8_t state;
        std::vector<std::uint8_t> src, dst;  // 4 or 16 bytes, network order
        std::uint16_t sport, dport;
        std::uint32_t inode;
    };
    NetlinkBuilder& socket(const Socket& s, std::uint16_t type = kSockDiagByFamily) {
        std::vector<std::uint8_t> body(kInetDiagMsgSize + 8, 0);  // + an attribute's room
        body[0] = s.family;
        body[1] = s.state;
        body[4] = static_cast<std::uint8_t>(s.sport >> 8);
        body[5] = static_cast<std::uint8_t>(s.sport);
        body[6] = static_cast<std::uint8_t>(s.dport >> 8);
        body[7] = static_cast<std::uint8_t>(s.dport);
        std::memcpy(body.data() + 8, s.src.data(), s.src.size());
        std::memcpy(body.data() + 24, s.dst.data(), s.dst.size());
        std::memcpy(body.data() + 68, &s.inode, 4);
        message(type, body);
        return *this;
    }
    NetlinkBuilder& done() {
        NetlinkBytes::done();
        return *this;
    }
};

const std::vector<std::uint8_t> kLoopback4 = {127, 0, 0, 1};
const std::vector<std::uint8_t> kAny4 = {0, 0, 0, 0};
const std::vector<std::uint8_t> kLoopback6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
const std::vector<std::uint8_t> kMapped6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 7};

struct Parsed {
    SockDiagBatch batch;
    std::vector<Connection> rows;
    std::vector<std::uint64_t> inodes;
};
Parsed parse(const NetlinkBuilder& b, const std::string& proto) {
    Parsed out;
    out.batch = parseSockDiagBatch(b.bytes.data(), b.bytes.size(), proto, out.rows, out.inodes);
    return out;
}

}  // namespace

TEST(SockDiag, TcpRowsReadAsProcNetReadsThem) {
    NetlinkBuilder b;
    b.socket({2, 10, kLoopback4, kAny4, 8080, 0, 1234})
        .socket({2, 1, kLoopback4, kLoopback4, 8080, 51000, 1235})
        .socket({10, 6, kMapped6, kLoopback6, 443, 40000, 0})
        .done();
    const auto [batch, rows, inodes] = parse(b, "tcp");
    EXPECT_TRUE(batch.done);
    EXPECT_EQ(batch.error, 0);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(inodes, (std::vector<std::uint64_t>{1234, 1235, 0}));
    EXPECT_EQ(rows[0].state, "LISTEN");
    EXPECT_EQ(rows[0].local_address, "127.0.0.1");
    EXPECT_EQ(rows[0].local_port, 8080);
    EXPECT_EQ(rows[0].remote_address, "0.0.0.0");
    EXPECT_EQ(rows[1].state, "ESTABLISHED");
    EXPECT_EQ(rows[1].remote_port, 51000);
    EXPECT_EQ(rows[2].family, 6);
    EXPECT_EQ(rows[2].state, "TIME_WAIT");
    EXPECT_EQ(rows[2].local_address, "::ffff:10.0.0.7");
    EXPECT_EQ(rows[2].remote_address, "::1");
    EXPECT_EQ(rows[2].local_port, 443);
}

// The answer to TCPDIAG_GETSOCK (one dump of both families) echoes that type, 18.
TEST(SockDiag, OneTcpDumpOfBothFamiliesGivesEachRowItsOwnFamily) {
    NetlinkBuilder b;
    b.socket({10, 10, kLoopback6, kLoopback6, 9100, 0, 41}, kTcpDiagGetSock)
        .socket({2, 1, kLoopback4, kLoopback4, 9100, 52000, 42}, kTcpDiagGetSock)
        .done();
    const auto [batch, rows, inodes] = parse(b, "tcp");
    EXPECT_TRUE(batch.done);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].family, 6);
    EXPECT_EQ(rows[0].state, "LISTEN");
    EXPECT_EQ(rows[0].local_address, "::1");
    EXPECT_EQ(rows[1].family, 4);
    EXPECT_EQ(rows[1].state, "ESTABLISHED");
    EXPECT_EQ(rows[1].remote_port, 52000);
    EXPECT_EQ(inodes, (std::vector<std::uint64_t>{41, 42}));
}

TEST(SockDiag, UdpRowsHaveNoStateAndNoRemoteWhenUnconnected) {
    NetlinkBuilder b;
    b.socket({2, 7, kAny4, kAny4, 53, 0, 77})
        .socket({2, 1, kLoopback4, kLoopback4, 5000, 6000, 78});
    const auto [batch, rows, inodes] = parse(b, "udp");
    EXPECT_FALSE(batch.done);  // more datagrams follow until NLMSG_DONE
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].state, "NONE");
    EXPECT_EQ(rows[0].remote_address, "");
    EXPECT_EQ(rows[1].remote_address, "127.0.0.1");
    EXPECT_EQ(rows[1].remote_port, 6000);
}

TEST(SockDiag, ARefusalOrAMalformedBatchIsReportedNotParsedPastItsEnd) {
    std::vector<Connection> rows;
    std::vector<std::uint64_t> inodes;
    NetlinkBuilder refused;
    refused.error(-13);  // EACCES
    auto batch =
        parseSockDiagBatch(refused.bytes.data(), refused.bytes.size(), "tcp", rows, inodes);
    EXPECT_EQ(batch.error, 13);
    EXPECT_TRUE(rows.empty());

    NetlinkBuilder good;
    good.socket({2, 10, kLoopback4, kAny4, 80, 0, 9});
    std::vector<std::uint8_t> bytes = good.bytes;
    const std::uint32_t too_long = static_cast<std::uint32_t>(bytes.size() + 100);
    std::memcpy(bytes.data(), &too_long, 4);
    batch = parseSockDiagBatch(bytes.data(), bytes.size(), "tcp", rows, inodes);
    EXPECT_TRUE(batch.malformed);
    EXPECT_TRUE(rows.empty());
    // A message too short for inet_diag_msg is skipped; a header cut short ends the batch.
    NetlinkBuilder short_body;
    short_body.message(kSockDiagByFamily, std::vector<std::uint8_t>(20, 0));
    batch =
        parseSockDiagBatch(short_body.bytes.data(), short_body.bytes.size(), "tcp", rows, inodes);
    EXPECT_FALSE(batch.malformed);
    EXPECT_TRUE(rows.empty());
    batch = parseSockDiagBatch(good.bytes.data(), 10, "tcp", rows, inodes);
    EXPECT_TRUE(rows.empty());
    EXPECT_EQ(rows.size(), inodes.size());
}

namespace {

// A scripted process table for the owner map: pid -> (signature, socket inodes), with a count
// of the descriptor tables it was asked to read.
struct ScriptedFds {
    std::map<std::uint32_t, std::pair<FdSetSignature, std::vector<std::uint64_t>>> table;
    std::vector<std::uint32_t> reads;
    int signature_walks = 0;
    SocketOwnerMap::Sources sources() {
        return {[this] {
                    signature_walks++;
                    std::vector<std::pair<std::uint32_t, FdSetSignature>> out;
                    for (const auto& [pid, entry] : table) {
                        out.emplace_back(pid, entry.first);
                    }
                    return out;
                },
                [this](std::uint32_t pid) -> std::optional<std::vector<std::uint64_t>> {
                    reads.push_back(pid);
                    auto it = table.find(pid);
                    if (it == table.end()) {
                        return std::nullopt;
                    }
                    return it->second.second;
                }};
    }
    void set(std::uint32_t pid, std::int64_t count, std::vector<std::uint64_t> sockets) {
        table[pid] = {FdSetSignature{pid * 1000u, count}, std::move(sockets)};
    }
};

}  // namespace

TEST(SocketOwners, ASteadyTableReadsNoDescriptorsAndAChangedProcessOnlyItsOwn) {
    ScriptedFds fds;
    for (std::uint32_t pid = 1; pid <= 100; pid++) {
        fds.set(pid, 3, {pid * 10});
    }
    SocketOwnerMap map;
    std::vector<std::uint64_t> table = {10, 500, 1000};
    map.refresh(table, fds.sources());
    EXPECT_EQ(map.lastScans(), 100u);  // the first refresh reads every process
    EXPECT_EQ(map.ownerOf(500), 50u);
    EXPECT_EQ(map.ownerOf(1000), 100u);

    fds.reads.clear();
    map.refresh(table, fds.sources());
    EXPECT_EQ(map.lastScans(), 0u);
    EXPECT_TRUE(fds.reads.empty());
    EXPECT_EQ(map.ownerOf(10), 1u);

    // Process 42 opens a socket: its descriptor count changes, only it is read.
    fds.set(42, 4, {420, 4242});
    table.push_back(4242);
    fds.reads.clear();
    map.refresh(table, fds.sources());
    EXPECT_EQ(fds.reads, (std::vector<std::uint32_t>{42}));
    EXPECT_EQ(map.ownerOf(4242), 42u);
}

TEST(SocketOwners, AnUnknownSocketBehindAnUnchangedCountIsSearchedUntilFound) {
    ScriptedFds fds;
    for (std::uint32_t pid = 1; pid <= 10; pid++) {
        fds.set(pid, 3, {pid * 10});
    }
    SocketOwnerMap map;
    map.refresh({10, 20}, fds.sources());
    // Process 3 closed socket 30 and opened 31: same count, so its signature did not move.
    fds.set(3, 3, {31});
    fds.reads.clear();
    map.refresh({10, 31}, fds.sources());
    EXPECT_EQ(map.ownerOf(31), 3u);
    EXPECT_EQ(fds.reads, (std::vector<std::uint32_t>{1, 2, 3}));  // stopped once found
}

// The task counters and a clock: while no process is created or ends and the table holds no
// socket the map has not placed, not even the signatures are read, for up to kRecheckSeconds.
struct QuietHost {
    TaskCounters counters{1000, 50};
    double now = 100;
    SocketOwnerMap::Sources sources(ScriptedFds& fds) {
        auto s = fds.sources();
        s.task_counters = [this] { return std::optional<TaskCounters>(counters); };
        s.now = [this] { return now; };
        return s;
    }
};

TEST(SocketOwners, AQuietHostReadsNothingUntilAProcessStartsOrANewSocketAppears) {
    ScriptedFds fds;
    QuietHost host;
    for (std::uint32_t pid = 1; pid <= 10; pid++) {
        fds.set(pid, 3, {pid * 10});
    }
    SocketOwnerMap map;
    std::vector<std::uint64_t> table = {10, 50, 0, 99};  // 0: no inode; 99: nobody holds it
    map.refresh(table, host.sources(fds));
    EXPECT_EQ(fds.signature_walks, 1);
    EXPECT_FALSE(map.lastSkippedCheck());

    host.now += 5;
    const auto owners = map.refresh(table, host.sources(fds));
    EXPECT_EQ(fds.signature_walks, 1);
    EXPECT_TRUE(map.lastSkippedCheck());
    EXPECT_EQ(owners,
              (std::vector<std::optional<std::uint32_t>>{1u, 5u, std::nullopt, std::nullopt}));

    // A socket closes: still all placed, still nothing read; the rows keep their owners.
    table = {50, 99};
    EXPECT_EQ(map.refresh(table, host.sources(fds)),
              (std::vector<std::optional<std::uint32_t>>{5u, std::nullopt}));
    EXPECT_EQ(fds.signature_walks, 1);

    // Process 4 opens a socket without any process starting: a socket nobody placed is checked.
    fds.set(4, 4, {40, 44});
    table.push_back(44);
    EXPECT_EQ(map.refresh(table, host.sources(fds)).back(), 4u);
    EXPECT_EQ(fds.signature_walks, 2);
    EXPECT_EQ(fds.reads, (std::vector<std::uint32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 4}));

    // A process starts (the fork counter moves) and takes over socket 50 as process 5 exits.
    fds.table.erase(5);
    fds.set(11, 1, {50});
    host.counters.forks++;
    EXPECT_EQ(map.refresh(table, host.sources(fds))[0], 11u);
    EXPECT_EQ(fds.signature_walks, 3);
    // A process ends without one starting (the task count moves): checked again.
    fds.table.erase(11);
    host.counters.tasks--;
    EXPECT_EQ(map.refresh(table, host.sources(fds))[0], std::nullopt);
    EXPECT_EQ(fds.signature_walks, 4);
}

TEST(SocketOwners, AHandOffBetweenLivingProcessesIsSeenWithinTheRecheckTime) {
    ScriptedFds fds;
    QuietHost host;
    fds.set(1, 2, {10});
    fds.set(2, 2, {20, 10});  // 10 inherited by a child: the lower pid is its owner
    SocketOwnerMap map;
    const std::vector<std::uint64_t> table = {10, 20};
    EXPECT_EQ(map.refresh(table, host.sources(fds))[0], 1u);
    // The parent closes its copy; no process starts or ends, no socket is new.
    fds.set(1, 1, {});
    host.now += SocketOwnerMap::kRecheckSeconds - 1;
    EXPECT_EQ(map.refresh(table, host.sources(fds))[0], 1u) << "read late, as documented";
    host.now += 1;
    EXPECT_EQ(map.refresh(table, host.sources(fds))[0], 2u);
    EXPECT_FALSE(map.lastSkippedCheck());
    // A clock that went back does not stretch the time either.
    fds.set(2, 1, {20});
    fds.set(1, 2, {10});
    host.now -= 100;
    EXPECT_EQ(map.refresh(table, host.sources(fds))[0], 1u);
}

TEST(SocketOwners, WithoutTaskCountersEveryRefreshChecks) {
    ScriptedFds fds;
    QuietHost host;
    fds.set(1, 2, {10});
    SocketOwnerMap map;
    auto sources = host.sources(fds);
    sources.task_counters = [] { return std::optional<TaskCounters>(); };  // unreadable
    map.refresh({10}, sources);
    map.refresh({10}, sources);
    EXPECT_EQ(fds.signature_walks, 2);
    EXPECT_FALSE(map.lastSkippedCheck());
}

TEST(SocketOwners, SocketsNobodyHoldsAreSearchedOnceAndExitedOwnersAreForgotten) {
    ScriptedFds fds;
    fds.set(1, 2, {10});
    fds.set(2, 2, {20, 10});  // 10 inherited by a child: the lower pid keeps it
    SocketOwnerMap map;
    map.refresh({10, 20, 99}, fds.sources());
    EXPECT_EQ(map.ownerOf(10), 1u);
    EXPECT_FALSE(map.ownerOf(99));  // a kernel socket: no process holds it
    fds.reads.clear();
    map.refresh({10, 20, 99}, fds.sources());
    EXPECT_TRUE(fds.reads.empty()) << "an ownerless socket must not start a search every cycle";

    fds.table.erase(1);  // the parent exits; the child still holds 10
    map.refresh({10, 20, 99}, fds.sources());
    EXPECT_EQ(map.ownerOf(10), 2u);
    fds.table.erase(2);
    map.refresh({}, fds.sources());
    EXPECT_FALSE(map.ownerOf(10));
    EXPECT_FALSE(map.ownerOf(20));
}

}  // namespace sysmetrics

namespace sysmetrics {

// Both platforms name interface types alike: the REST API's `type`.
TEST(InterfaceType, LinuxArphrdNumbersGetWindowsNames) {
    EXPECT_EQ(linuxInterfaceType(1, false), "ethernet");
    EXPECT_EQ(linuxInterfaceType(1, true), "wireless");
    EXPECT_EQ(linuxInterfaceType(772, false), "loopback");
    for (std::uint32_t tunnel : {768u, 769u, 776u, 778u, 823u, 65534u}) {
        EXPECT_EQ(linuxInterfaceType(tunnel, false), "tunnel") << tunnel;
    }
    EXPECT_EQ(linuxInterfaceType(512, false), "ppp");
    EXPECT_EQ(linuxInterfaceType(32, false), "other");  // InfiniBand
    EXPECT_EQ(windowsInterfaceType(6), "ethernet");
    EXPECT_EQ(windowsInterfaceType(71), "wireless");
    EXPECT_EQ(windowsInterfaceType(24), "loopback");
    EXPECT_EQ(windowsInterfaceType(131), "tunnel");
    EXPECT_EQ(windowsInterfaceType(23), "ppp");
    EXPECT_EQ(windowsInterfaceType(53), "other");
    for (std::uint32_t n : {0u, 1u, 24u, 512u, 772u, 801u}) {
        const std::string type = linuxInterfaceType(n, false);
        EXPECT_NE(std::find(kInterfaceTypes.begin(), kInterfaceTypes.end(), type),
                  kInterfaceTypes.end());
    }
}

}  // namespace sysmetrics
