#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

void appendTcpMetrics(const TcpSection& section, const RenderContext& context, FamilyList& out) {
    const auto n = [](std::uint64_t value) { return static_cast<double>(value); };
    if (context.naming == MetricNaming::windows) {
        // windows_exporter's tcp collector (PDH TCPv4 / TCPv6, which count what MIB_TCPSTATS
        // counts), label af "ipv4"/"ipv6".
        for (const auto& tcp : section.families) {
            const struct {
                const char* name;
                bool counter;
                std::uint64_t value;
                const char* help;
            } kFamilies[] = {
                {"windows_tcp_connection_failures_total", true, tcp.attempt_fails,
                 "Times a connection attempt failed: SYN-SENT or SYN-RECEIVED to CLOSED, or "
                 "SYN-RECEIVED to LISTEN (TCP Connection Failures, dwAttemptFails)."},
                {"windows_tcp_connections_active_total", true, tcp.active_opens,
                 "Times a connection went from CLOSED to SYN-SENT: connections this host opened "
                 "(TCP Connections Active, dwActiveOpens)."},
                {"windows_tcp_connections_established", false, tcp.curr_estab,
                 "Connections now in the ESTABLISHED or CLOSE-WAIT state (TCP Connections "
                 "Established, dwCurrEstab)."},
                {"windows_tcp_connections_passive_total", true, tcp.passive_opens,
                 "Times a connection went from LISTEN to SYN-RECEIVED: connections this host "
                 "accepted (TCP Connections Passive, dwPassiveOpens)."},
                {"windows_tcp_connections_reset_total", true, tcp.estab_resets,
                 "Times a connection went from ESTABLISHED or CLOSE-WAIT to CLOSED (TCP "
                 "Connections Reset, dwEstabResets)."},
                {"windows_tcp_segments_total", true, tcp.in_segs + tcp.out_segs,
                 "Segments received and sent (TCP Segments/sec)."},
                {"windows_tcp_segments_received_total", true, tcp.in_segs,
                 "Segments received, errored ones included (TCP Segments Received/sec, "
                 "dwInSegs)."},
                {"windows_tcp_segments_retransmitted_total", true, tcp.retrans_segs,
                 "Segments retransmitted (TCP Segments Retransmitted/sec, dwRetransSegs)."},
                {"windows_tcp_segments_sent_total", true, tcp.out_segs,
                 "Segments sent, retransmissions excluded (TCP Segments Sent/sec, dwOutSegs)."},
            };
            const Labels l = {{"af", tcp.family}};
            for (const auto& family : kFamilies) {
                if (family.counter) {
                    out.counter(family.name, family.help, n(family.value), l);
                } else {
                    out.gauge(family.name, family.help, n(family.value), l);
                }
            }
        }
        // windows_exporter's udp collector (PDH UDPv4 / UDPv6, which count what MIB_UDPSTATS
        // counts).
        for (const auto& udp : section.udp) {
            const Labels l = {{"af", udp.family}};
            out.counter("windows_udp_datagram_no_port_total",
                        "Datagrams received for a port no socket is bound to (UDP Datagrams No "
                        "Port/sec, dwNoPorts).",
                        n(udp.no_ports), l);
            out.counter("windows_udp_datagram_received_errors_total",
                        "Datagrams received that could not be delivered for a reason other than "
                        "no socket at the port (UDP Datagrams Received Errors, dwInErrors).",
                        n(udp.in_errors), l);
            out.counter("windows_udp_datagram_received_total",
                        "Datagrams delivered to a socket (UDP Datagrams Received/sec, "
                        "dwInDatagrams).",
                        n(udp.in_datagrams), l);
            out.counter("windows_udp_datagram_sent_total",
                        "Datagrams sent (UDP Datagrams Sent/sec, dwOutDatagrams).",
                        n(udp.out_datagrams), l);
        }
        return;
    }
    // node_exporter's netstat collector: one family per /proc/net/{snmp,netstat,snmp6} field
    // its default filter keeps, untyped there (a gauge here, which is what Prometheus makes of
    // an untyped family), help "Statistic <Group><Field>.".
    for (const NetstatField& field : section.netstat) {
        std::string statistic = field.name;
        statistic.erase(statistic.find('_'), 1);
        out.gauge("node_netstat_" + field.name, "Statistic " + statistic + ".", field.value);
    }
}

}  // namespace sysmetrics
