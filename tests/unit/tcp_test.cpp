// The tcp collector's interpretation: MIB_TCPSTATS / MIB_TCPSTATS2 bytes as Windows lays them
// out, /proc/net/snmp text, and the families both render.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "collectors/network.h"
#include "collectors/tcp.h"
#include "config/connection_settings.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/rest/json_mapping.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

void putDword(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint32_t value) {
    std::memcpy(bytes.data() + offset, &value, 4);
}
void putQword(std::vector<std::uint8_t>& bytes, std::size_t offset, std::uint64_t value) {
    std::memcpy(bytes.data() + offset, &value, 8);
}

// MIB_TCPSTATS: RtoAlgorithm, RtoMin, RtoMax, MaxConn, ActiveOpens, PassiveOpens, AttemptFails,
// EstabResets, CurrEstab, InSegs, OutSegs, RetransSegs, InErrs, OutRsts, NumConns (DWORDs).
std::vector<std::uint8_t> mibTcpStats() {
    std::vector<std::uint8_t> bytes(60, 0);
    const std::uint32_t values[15] = {4,  300, 120000, 0xFFFFFFFF, 11, 12, 13, 14,
                                      15, 16,  17,     18,         19, 20, 21};
    for (std::size_t i = 0; i < 15; i++) {
        putDword(bytes, i * 4, values[i]);
    }
    return bytes;
}

// MIB_TCPSTATS2: the same up to dwCurrEstab (offset 32), 4 bytes of padding, dw64InSegs (40),
// dw64OutSegs (48), then RetransSegs, InErrs, OutRsts, NumConns (56..68): 72 bytes.
std::vector<std::uint8_t> mibTcpStats2() {
    std::vector<std::uint8_t> bytes(72, 0);
    const std::uint32_t head[9] = {4, 300, 120000, 0xFFFFFFFF, 11, 12, 13, 14, 15};
    for (std::size_t i = 0; i < 9; i++) {
        putDword(bytes, i * 4, head[i]);
    }
    putDword(bytes, 36, 0xDEADBEEF);  // padding: never read
    putQword(bytes, 40, 0x100000010ull);
    putQword(bytes, 48, 0x200000020ull);
    putDword(bytes, 56, 18);
    putDword(bytes, 60, 19);
    putDword(bytes, 64, 20);
    putDword(bytes, 68, 21);
    return bytes;
}

// /proc/net/snmp as Linux 6.1 writes it (the Ip, Icmp and Udp lines shortened).
const char* const kSnmp =
    "Ip: Forwarding DefaultTTL InReceives\n"
    "Ip: 1 64 123456\n"
    "Icmp: InMsgs InErrors\n"
    "Icmp: 45 0\n"
    "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets "
    "CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
    "Tcp: 1 200 120000 -1 3021 1187 42 77 9 5123456 4987654 1234 3 555 0\n"
    "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors "
    "IgnoredMulti MemErrors\n"
    "Udp: 100 2 0 120 0 0 0 0 0\n";

// /proc/net/snmp6 as Linux 6.1 writes it (shortened): one "Name value" line per counter.
const char* const kSnmp6 =
    "Ip6InReceives                   \t4562\n"
    "Icmp6InMsgs                     \t12\n"
    "Udp6InDatagrams                 \t31\n"
    "Udp6NoPorts                     \t4\n"
    "Udp6InErrors                    \t1\n"
    "Udp6OutDatagrams                \t35\n"
    "Udp6RcvbufErrors                \t1\n"
    "Udp6SndbufErrors                \t0\n"
    "Udp6InCsumErrors                \t0\n"
    "UdpLite6InDatagrams             \t999\n"
    "UdpLite6NoPorts                 \t999\n";

TcpSection windowsSection() {
    TcpSection section;
    TcpCounters v4 = parseMibTcpStats2(mibTcpStats2().data(), 72).value();
    v4.family = "ipv4";
    TcpCounters v6 = parseMibTcpStats(mibTcpStats().data(), 60).value();
    v6.family = "ipv6";
    section.families = {v4, v6};
    return section;
}

}  // namespace

TEST(Tcp, MibTcpStatsIsReadByItsDocumentedLayout) {
    const auto bytes = mibTcpStats();
    const auto stats = parseMibTcpStats(bytes.data(), bytes.size());
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->active_opens, 11u);
    EXPECT_EQ(stats->passive_opens, 12u);
    EXPECT_EQ(stats->attempt_fails, 13u);
    EXPECT_EQ(stats->estab_resets, 14u);
    EXPECT_EQ(stats->curr_estab, 15u);
    EXPECT_EQ(stats->in_segs, 16u);
    EXPECT_EQ(stats->out_segs, 17u);
    EXPECT_EQ(stats->retrans_segs, 18u);
    EXPECT_EQ(stats->in_errs, 19u);
    EXPECT_EQ(stats->out_rsts, 20u);
    EXPECT_FALSE(parseMibTcpStats(bytes.data(), 59));
    EXPECT_FALSE(parseMibTcpStats(nullptr, 60));
}

TEST(Tcp, MibTcpStats2HasSixtyFourBitSegmentCountsAfterThePadding) {
    const auto bytes = mibTcpStats2();
    const auto stats = parseMibTcpStats2(bytes.data(), bytes.size());
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->active_opens, 11u);
    EXPECT_EQ(stats->curr_estab, 15u);
    EXPECT_EQ(stats->in_segs, 0x100000010ull);  // past 2^32: no wrap
    EXPECT_EQ(stats->out_segs, 0x200000020ull);
    EXPECT_EQ(stats->retrans_segs, 18u);
    EXPECT_EQ(stats->in_errs, 19u);
    EXPECT_EQ(stats->out_rsts, 20u);
    EXPECT_FALSE(parseMibTcpStats2(bytes.data(), 71));
}

TEST(Tcp, ProcNetSnmpTcpLines) {
    const auto tcp = parseProcNetSnmpTcp(kSnmp);
    ASSERT_TRUE(tcp.ok()) << tcp.error().describe();
    EXPECT_EQ(tcp->family, "all");
    EXPECT_EQ(tcp->active_opens, 3021u);
    EXPECT_EQ(tcp->passive_opens, 1187u);
    EXPECT_EQ(tcp->attempt_fails, 42u);
    EXPECT_EQ(tcp->estab_resets, 77u);
    EXPECT_EQ(tcp->curr_estab, 9u);
    EXPECT_EQ(tcp->in_segs, 5123456u);
    EXPECT_EQ(tcp->out_segs, 4987654u);
    EXPECT_EQ(tcp->retrans_segs, 1234u);
    EXPECT_EQ(tcp->in_errs, 3u);
    EXPECT_EQ(tcp->out_rsts, 555u);
    // Fields are found by name: an older kernel without InCsumErrors reads the same.
    const auto old_kernel = parseProcNetSnmpTcp(
        "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails "
        "EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts\n"
        "Tcp: 1 200 120000 -1 1 2 3 4 5 6 7 8 9 10\n");
    ASSERT_TRUE(old_kernel.ok()) << old_kernel.error().describe();
    EXPECT_EQ(old_kernel->out_rsts, 10u);
}

TEST(Tcp, MalformedProcNetSnmpIsAnErrorThatSaysWhat) {
    const auto problem = [](const char* text) {
        const auto tcp = parseProcNetSnmpTcp(text);
        EXPECT_FALSE(tcp.ok()) << text;
        if (tcp.ok()) {
            return std::string();
        }
        EXPECT_EQ(tcp.error().code, ErrorCode::invalid_data);
        return tcp.error().describe();
    };
    EXPECT_TRUE(contains(problem(""), "no Tcp lines"));
    EXPECT_TRUE(contains(problem("Ip: Forwarding\nIp: 1\n"), "no Tcp lines"));
    EXPECT_TRUE(contains(problem("Tcp: ActiveOpens PassiveOpens\n"), "without its values"));
    EXPECT_TRUE(
        contains(problem("Tcp: ActiveOpens PassiveOpens\nTcp: 1\n"), "2 names and 1 values"));
    EXPECT_TRUE(contains(problem("Tcp: MaxConn ActiveOpens\nTcp: -1 x12\n"),
                         "ActiveOpens is not a number: 'x12'"));
    EXPECT_TRUE(
        contains(problem("Tcp: ActiveOpens\nTcp: 99999999999999999999999\n"), "not a number"));
    EXPECT_TRUE(
        contains(problem("Tcp: ActiveOpens PassiveOpens\nTcp: 1 2\n"), "AttemptFails is missing"));
    // "TcpExt:" (in /proc/net/netstat) is not "Tcp:".
    EXPECT_TRUE(contains(problem("TcpExt: SyncookiesSent\nTcpExt: 0\n"), "no Tcp lines"));
}

TEST(Tcp, WindowsFamiliesAreWindowsExportersPerAddressFamily) {
    FamilyList families;
    appendTcpMetrics(windowsSection(), MetricNaming::windows, families);
    const auto sample = [&](const char* name, const char* af, const std::string& value) {
        const TextFamily* family = families.find(name);
        EXPECT_NE(family, nullptr) << name;
        const std::string line = std::string(name) + "{af=\"" + af + "\"} " + value + "\n";
        EXPECT_TRUE(family && contains(family->samples, line))
            << line << (family ? family->samples : "");
    };
    sample("windows_tcp_connection_failures_total", "ipv4", "13");
    sample("windows_tcp_connections_active_total", "ipv4", "11");
    sample("windows_tcp_connections_established", "ipv4", "15");
    sample("windows_tcp_connections_passive_total", "ipv4", "12");
    sample("windows_tcp_connections_reset_total", "ipv4", "14");
    sample("windows_tcp_segments_received_total", "ipv4", "4294967312");
    sample("windows_tcp_segments_sent_total", "ipv4", "8589934624");
    sample("windows_tcp_segments_total", "ipv4", "12884901936");
    sample("windows_tcp_segments_retransmitted_total", "ipv4", "18");
    sample("windows_tcp_segments_total", "ipv6", "33");
    EXPECT_EQ(families.find("windows_tcp_connections_established")->kind, MetricKind::gauge);
    EXPECT_EQ(families.find("windows_tcp_segments_total")->kind, MetricKind::counter);
}

// A Linux section's node_netstat_* fields as the probe keeps them, from /proc/net/snmp and snmp6.
std::vector<NetstatField> exportedFields() {
    std::vector<NetstatField> kept;
    appendExportedNetstatFields(parseNetstatGroups(kSnmp, "/proc/net/snmp").value(), kept);
    appendExportedNetstatFields(parseSnmp6Fields(kSnmp6).value(), kept);
    return kept;
}

TEST(Tcp, LinuxFamiliesAreNodeExportersNetstatNames) {
    TcpSection section;
    section.families.push_back(parseProcNetSnmpTcp(kSnmp).value());
    section.netstat = exportedFields();
    FamilyList families;
    appendTcpMetrics(section, MetricNaming::linux, families);
    const std::string text = families.text();
    for (const char* line :
         {"node_netstat_Tcp_ActiveOpens 3021\n", "node_netstat_Tcp_PassiveOpens 1187\n",
          "node_netstat_Tcp_CurrEstab 9\n", "node_netstat_Tcp_InSegs 5123456\n",
          "node_netstat_Tcp_OutSegs 4987654\n", "node_netstat_Tcp_RetransSegs 1234\n",
          "node_netstat_Tcp_OutRsts 555\n", "node_netstat_Tcp_AttemptFails 42\n",
          "node_netstat_Tcp_EstabResets 77\n", "node_netstat_Tcp_InErrs 3\n",
          "# HELP node_netstat_Tcp_ActiveOpens Statistic TcpActiveOpens.\n",
          "node_netstat_Ip_Forwarding 1\n", "node_netstat_Icmp_InMsgs 45\n",
          "node_netstat_Icmp_InErrors 0\n"}) {
        EXPECT_TRUE(contains(text, line)) << line << text;
    }
    // Outside node_exporter's default fields.
    for (const char* name : {"node_netstat_Tcp_MaxConn", "node_netstat_Tcp_RtoMin",
                             "node_netstat_Ip_DefaultTTL", "node_netstat_Udp_InCsumErrors"}) {
        EXPECT_FALSE(contains(text, name)) << name;
    }
    EXPECT_FALSE(contains(text, "windows_"));
}

// collect[]=tcp (windows_exporter's name and ours) selects the tcp counters and the connection
// state counts; windows_tcp_connections_established comes once, from the tcp collector.
TEST(Tcp, MetricsEndpointServesTheFamiliesUnderCollectTcp) {
    Snapshot snapshot;
    snapshot.version = 3;
    snapshot.sections["tcp"] = std::make_shared<TcpSection>(windowsSection());
    auto connections = std::make_shared<ConnectionSection>();
    Connection c;
    c.proto = "tcp";
    c.state = "ESTABLISHED";
    connections->connections = {c};
    snapshot.sections["connections"] = connections;
    for (const char* name : {"tcp", "connections"}) {
        snapshot.status[name].name = name;
        snapshot.status[name].state = CollectorState::ok;
    }
    RenderContext context(MetricNaming::windows);
    auto counted = std::make_shared<ConnectionSettings>();
    counted->state_counts = true;  // the Windows default
    context.settings.set(ConnectionSettings::kCollector, counted);
    MetricsEndpoint endpoint(context, RuntimeInfo{}, catalogExpositions());
    for (const auto& collect : {std::vector<std::string>{}, std::vector<std::string>{"tcp"}}) {
        const HttpResponse response = endpoint.serve(snapshot, collect, 10);
        ASSERT_EQ(response.status, 200) << response.body;
        const std::string& body = response.body;
        for (const char* family :
             {"windows_tcp_connection_failures_total", "windows_tcp_connections_active_total",
              "windows_tcp_connections_established", "windows_tcp_connections_passive_total",
              "windows_tcp_connections_reset_total", "windows_tcp_segments_total",
              "windows_tcp_segments_received_total", "windows_tcp_segments_retransmitted_total",
              "windows_tcp_segments_sent_total", "windows_tcp_connections_state_count"}) {
            EXPECT_TRUE(contains(body, std::string("# TYPE ") + family + " "))
                << family << " with collect[] of " << collect.size();
        }
        EXPECT_TRUE(contains(body, "windows_tcp_connections_established{af=\"ipv4\"} 15\n"));
        EXPECT_EQ(body.find("# TYPE windows_tcp_connections_established "),
                  body.rfind("# TYPE windows_tcp_connections_established "));
        EXPECT_TRUE(contains(
            body, "windows_tcp_connections_state_count{af=\"ipv4\",state=\"ESTABLISHED\"} 1\n"));
    }
}

// windows_exporter's udp collector had no equivalent: collect[]=udp selected nothing.
TEST(Udp, MibUdpStatsAndMibUdpStats2AreReadByTheirDocumentedLayouts) {
    // MIB_UDPSTATS: dwInDatagrams, dwNoPorts, dwInErrors, dwOutDatagrams, dwNumAddrs.
    std::vector<std::uint8_t> stats(20, 0);
    for (std::uint32_t i = 0; i < 5; i++) {
        putDword(stats, i * 4, 101 + i);
    }
    const UdpCounters v1 = parseMibUdpStats(stats.data(), stats.size()).value();
    EXPECT_EQ(v1.in_datagrams, 101u);
    EXPECT_EQ(v1.no_ports, 102u);
    EXPECT_EQ(v1.in_errors, 103u);
    EXPECT_EQ(v1.out_datagrams, 104u);
    EXPECT_FALSE(parseMibUdpStats(stats.data(), 19));
    // MIB_UDPSTATS2: dw64InDatagrams (0), dwNoPorts (8), dwInErrors (12), dw64OutDatagrams (16),
    // dwNumAddrs (24), padding to 32.
    std::vector<std::uint8_t> stats2(32, 0);
    putQword(stats2, 0, 0x100000001ull);
    putDword(stats2, 8, 7);
    putDword(stats2, 12, 8);
    putQword(stats2, 16, 0x200000002ull);
    putDword(stats2, 24, 3);
    putDword(stats2, 28, 0xDEADBEEF);  // padding: never read
    const UdpCounters v2 = parseMibUdpStats2(stats2.data(), stats2.size()).value();
    EXPECT_EQ(v2.in_datagrams, 0x100000001ull);
    EXPECT_EQ(v2.no_ports, 7u);
    EXPECT_EQ(v2.in_errors, 8u);
    EXPECT_EQ(v2.out_datagrams, 0x200000002ull);
    EXPECT_FALSE(parseMibUdpStats2(stats2.data(), 31));
}

TEST(Udp, ProcNetSnmpUdpLinesAndTheirErrors) {
    const UdpCounters udp = parseProcNetSnmpUdp(kSnmp).value();
    EXPECT_EQ(udp.family, "ipv4");
    EXPECT_EQ(udp.in_datagrams, 100u);
    EXPECT_EQ(udp.no_ports, 2u);
    EXPECT_EQ(udp.out_datagrams, 120u);
    EXPECT_EQ(udp.receive_buffer_errors, 0u);
    const auto problem = [](const char* text) {
        const auto parsed = parseProcNetSnmpUdp(text);
        return parsed.ok() ? std::string() : parsed.error().describe();
    };
    EXPECT_TRUE(contains(problem("Tcp: ActiveOpens\nTcp: 1\n"), "no Udp lines"));
    EXPECT_TRUE(contains(problem("Udp: InDatagrams\nUdp: 1\n"), "Udp NoPorts is missing"));
    EXPECT_TRUE(contains(problem("Udp: InDatagrams NoPorts\nUdp: 1\n"), "2 names and 1 values"));
    // "UdpLite:" is not "Udp:" (and "Udp6" lines are /proc/net/snmp6's, read on their own).
    EXPECT_TRUE(contains(problem("UdpLite: InDatagrams\nUdpLite: 0\n"), "no Udp lines"));
}

// IPv6's UDP counters on Linux were not read (node_exporter's default Udp6 fields were missing).
TEST(Udp, ProcNetSnmp6Udp6LinesAndTheirErrors) {
    const UdpCounters udp = parseProcNetSnmp6Udp(kSnmp6).value();
    EXPECT_EQ(udp.family, "ipv6");
    EXPECT_EQ(udp.source, "/proc/net/snmp6");
    EXPECT_EQ(udp.in_datagrams, 31u);
    EXPECT_EQ(udp.no_ports, 4u);
    EXPECT_EQ(udp.in_errors, 1u);
    EXPECT_EQ(udp.out_datagrams, 35u);
    EXPECT_EQ(udp.receive_buffer_errors, 1u);
    EXPECT_EQ(udp.send_buffer_errors, 0u);
    const auto problem = [](const char* text) {
        const auto parsed = parseProcNetSnmp6Udp(text);
        return parsed.ok() ? std::string() : parsed.error().describe();
    };
    EXPECT_TRUE(contains(problem("Ip6InReceives 1\nUdpLite6InDatagrams 2\n"), "no Udp6 lines"));
    EXPECT_TRUE(contains(problem("Udp6InDatagrams 1\n"), "Udp6 NoPorts is missing"));
    EXPECT_TRUE(contains(problem("Udp6InDatagrams x\n"), "Udp6InDatagrams is not a number: 'x'"));
    EXPECT_TRUE(contains(problem("Udp6InDatagrams 1 2\n"), "Udp6InDatagrams has 2 values, not 1"));
}

TEST(Udp, WindowsFamiliesAreWindowsExportersAndLinuxOnesNodeExportersNetstat) {
    TcpSection section = windowsSection();
    UdpCounters v4;
    v4.family = "ipv4";
    v4.in_datagrams = 11;
    v4.no_ports = 12;
    v4.in_errors = 13;
    v4.out_datagrams = 14;
    UdpCounters v6 = v4;
    v6.family = "ipv6";
    v6.out_datagrams = 24;
    section.udp = {v4, v6};
    FamilyList windows;
    appendTcpMetrics(section, MetricNaming::windows, windows);
    const std::string text = windows.text();
    for (const char* line : {"windows_udp_datagram_received_total{af=\"ipv4\"} 11\n",
                             "windows_udp_datagram_no_port_total{af=\"ipv4\"} 12\n",
                             "windows_udp_datagram_received_errors_total{af=\"ipv4\"} 13\n",
                             "windows_udp_datagram_sent_total{af=\"ipv4\"} 14\n",
                             "windows_udp_datagram_sent_total{af=\"ipv6\"} 24\n",
                             "# TYPE windows_udp_datagram_sent_total counter\n"}) {
        EXPECT_TRUE(contains(text, line)) << line << text;
    }
    TcpSection linux_section;
    linux_section.families.push_back(parseProcNetSnmpTcp(kSnmp).value());
    linux_section.udp.push_back(parseProcNetSnmpUdp(kSnmp).value());
    linux_section.udp.push_back(parseProcNetSnmp6Udp(kSnmp6).value());
    linux_section.netstat = exportedFields();
    FamilyList node;
    appendTcpMetrics(linux_section, MetricNaming::linux, node);
    for (const char* line :
         {"node_netstat_Udp_InDatagrams 100\n", "node_netstat_Udp_NoPorts 2\n",
          "node_netstat_Udp_InErrors 0\n", "node_netstat_Udp_OutDatagrams 120\n",
          "node_netstat_Udp_RcvbufErrors 0\n", "node_netstat_Udp_SndbufErrors 0\n",
          "node_netstat_Udp6_InDatagrams 31\n", "node_netstat_Udp6_NoPorts 4\n",
          "node_netstat_Udp6_InErrors 1\n", "node_netstat_Udp6_OutDatagrams 35\n",
          "node_netstat_Udp6_RcvbufErrors 1\n", "node_netstat_Udp6_SndbufErrors 0\n",
          "# HELP node_netstat_Udp6_NoPorts Statistic Udp6NoPorts.\n"}) {
        EXPECT_TRUE(contains(node.text(), line)) << line << node.text();
    }
    // collect[]=udp selects them, and not the TCP families beside them.
    Snapshot snapshot;
    snapshot.version = 1;
    snapshot.sections["tcp"] = std::make_shared<TcpSection>(section);
    snapshot.status["tcp"].name = "tcp";
    snapshot.status["tcp"].state = CollectorState::ok;
    MetricsEndpoint endpoint(MetricNaming::windows, RuntimeInfo{}, catalogExpositions());
    const std::string udp_only = endpoint.serve(snapshot, {"udp"}, 10).body;
    EXPECT_TRUE(contains(udp_only, "windows_udp_datagram_received_total{af=\"ipv6\"} 11\n"));
    EXPECT_FALSE(contains(udp_only, "windows_tcp_"));
}

// /api/v1/tcp did not show the UDP counters /metrics and remote write carry.
TEST(Udp, RestTcpAnswerCarriesEachFamilysUdpCounters) {
    TcpSection section;
    section.families.push_back(parseProcNetSnmpTcp(kSnmp).value());
    section.udp.push_back(parseProcNetSnmpUdp(kSnmp).value());
    UdpCounters windows = parseMibUdpStats(std::vector<std::uint8_t>(20, 1).data(), 20).value();
    windows.family = "ipv6";
    section.udp.push_back(windows);
    const nlohmann::json answer = toJson(section);
    ASSERT_EQ(answer.at("udp").size(), 2u);
    const nlohmann::json& v4 = answer["udp"][0];
    EXPECT_EQ(v4["family"], "ipv4");
    EXPECT_EQ(v4["source"], "/proc/net/snmp");
    EXPECT_EQ(v4["in_datagrams"], 100);
    EXPECT_EQ(v4["no_ports"], 2);
    EXPECT_EQ(v4["in_errors"], 0);
    EXPECT_EQ(v4["out_datagrams"], 120);
    EXPECT_EQ(v4["receive_buffer_errors"], 0);
    EXPECT_EQ(v4["send_buffer_errors"], 0);
    // Windows has no buffer error counts: null, not 0.
    EXPECT_TRUE(answer["udp"][1]["receive_buffer_errors"].is_null());
    EXPECT_TRUE(answer["udp"][1]["send_buffer_errors"].is_null());
    EXPECT_EQ(answer["udp"][1]["in_datagrams"], 0x01010101);
    EXPECT_EQ(answer.at("families").size(), 1u);
}

}  // namespace sysmetrics
