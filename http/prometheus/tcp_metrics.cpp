#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

void appendTcpMetrics(const TcpSection& section, const RenderContext& context, FamilyList& out) {
    const auto n = [](std::uint64_t value) { return static_cast<double>(value); };
    if (context.naming == MetricNaming::windows) {
        // windows_exporter's tcp collector (PDH TCPv4 / TCPv6, which count what MIB_TCPSTATS
        // counts), label af "ipv4"/"ipv6".
        for (const auto& tcp : section.families) {
            const Labels l = {{"af", tcp.family}};
            out.counter("windows_tcp_connection_failures_total",
                        "Times a connection attempt failed: SYN-SENT or SYN-RECEIVED to CLOSED, "
                        "or SYN-RECEIVED to LISTEN (TCP Connection Failures, dwAttemptFails).",
                        n(tcp.attempt_fails), l);
            out.counter("windows_tcp_connections_active_total",
                        "Times a connection went from CLOSED to SYN-SENT: connections this host "
                        "opened (TCP Connections Active, dwActiveOpens).",
                        n(tcp.active_opens), l);
            out.gauge("windows_tcp_connections_established",
                      "Connections now in the ESTABLISHED or CLOSE-WAIT state (TCP Connections "
                      "Established, dwCurrEstab).",
                      n(tcp.curr_estab), l);
            out.counter("windows_tcp_connections_passive_total",
                        "Times a connection went from LISTEN to SYN-RECEIVED: connections this "
                        "host accepted (TCP Connections Passive, dwPassiveOpens).",
                        n(tcp.passive_opens), l);
            out.counter("windows_tcp_connections_reset_total",
                        "Times a connection went from ESTABLISHED or CLOSE-WAIT to CLOSED (TCP "
                        "Connections Reset, dwEstabResets).",
                        n(tcp.estab_resets), l);
            out.counter("windows_tcp_segments_total",
                        "Segments received and sent (TCP Segments/sec).",
                        n(tcp.in_segs + tcp.out_segs), l);
            out.counter("windows_tcp_segments_received_total",
                        "Segments received, errored ones included (TCP Segments Received/sec, "
                        "dwInSegs).",
                        n(tcp.in_segs), l);
            out.counter("windows_tcp_segments_retransmitted_total",
                        "Segments retransmitted (TCP Segments Retransmitted/sec, dwRetransSegs).",
                        n(tcp.retrans_segs), l);
            out.counter("windows_tcp_segments_sent_total",
                        "Segments sent, retransmissions excluded (TCP Segments Sent/sec, "
                        "dwOutSegs).",
                        n(tcp.out_segs), l);
        }
        return;
    }
    // node_exporter's netstat collector: one family per /proc/net/snmp field, untyped there
    // (a gauge here, which is what Prometheus makes of an untyped family), help "Statistic X.".
    for (const auto& tcp : section.families) {
        const std::pair<const char*, std::uint64_t> kFields[] = {
            {"ActiveOpens", tcp.active_opens},
            {"PassiveOpens", tcp.passive_opens},
            {"AttemptFails", tcp.attempt_fails},
            {"EstabResets", tcp.estab_resets},
            {"CurrEstab", tcp.curr_estab},
            {"InSegs", tcp.in_segs},
            {"OutSegs", tcp.out_segs},
            {"RetransSegs", tcp.retrans_segs},
            {"InErrs", tcp.in_errs},
            {"OutRsts", tcp.out_rsts},
        };
        for (const auto& [field, value] : kFields) {
            out.gauge(std::string("node_netstat_Tcp_") + field,
                      std::string("Statistic Tcp") + field + ".", n(value));
        }
    }
}

}  // namespace sysmetrics
