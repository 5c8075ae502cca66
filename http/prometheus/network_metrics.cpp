#include <map>

#include "config/connection_settings.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/exporter_labels.h"

namespace sysmetrics {

namespace {

const char* const kTcpStates[] = {"ESTABLISHED", "SYN_SENT",  "SYN_RECV", "FIN_WAIT1",
                                  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",    "CLOSE_WAIT",
                                  "LAST_ACK",    "LISTEN",    "CLOSING",  "DELETE_TCB"};

std::string af(int family) {
    return family == 6 ? "ipv6" : "ipv4";
}

void appendConnectionStateCounts(const ConnectionSection& section, MetricNaming naming,
                                 FamilyList& out) {
    const bool windows = naming == MetricNaming::windows;
    std::map<std::pair<int, std::string>, double> tcp;
    std::map<int, double> udp;
    for (const auto& c : section.connections) {
        if (c.proto == "tcp") {
            tcp[{c.family, c.state}]++;
        } else {
            udp[c.family]++;
        }
    }
    const std::string state_family =
        windows ? "windows_tcp_connections_state_count" : "sysmetrics_tcp_connections";
    for (int family : {4, 6}) {
        for (const char* state : kTcpStates) {
            if (!windows && std::string(state) == "DELETE_TCB") {
                continue;
            }
            const std::string label = windows ? windowsExporterStateLabel(state) : state;
            out.gauge(state_family, "TCP connections by address family and state.",
                      tcp[{family, state}], {{"af", af(family)}, {"state", label}});
        }
    }
    // windows_tcp_connections_established is the tcp collector's (MIB_TCPSTATS dwCurrEstab,
    // the count PDH reports), not counted here from the table: one family, one source.
    for (int family : {4, 6}) {
        out.gauge("sysmetrics_udp_endpoints", "Open UDP endpoints by address family.", udp[family],
                  {{"af", af(family)}});
    }
}

}  // namespace

void appendProcessConnectionMetrics(const ConnectionSection& connections,
                                    const ProcessSection* processes, FamilyList& out) {
    std::map<std::tuple<std::uint32_t, std::string, std::string>, double> counts;
    for (const auto& c : connections.connections) {
        if (c.pid && *c.pid != 0) {
            counts[{*c.pid, c.proto, c.state}]++;
        }
    }
    for (const auto& [key, count] : counts) {
        const auto& [pid, proto, state] = key;
        const ProcessInfo* p = processes ? processes->find(pid) : nullptr;
        out.gauge("sysmetrics_process_connections",
                  "Connections owned by each process, by protocol and state (opt-in).", count,
                  {{"process", p ? p->name : ""},
                   {"process_id", std::to_string(pid)},
                   {"proto", proto},
                   {"state", state}});
    }
}

void appendConnectionMetrics(const ConnectionSection& section, const RenderContext& context,
                             FamilyList& out) {
    const auto& settings = context.settings.get<ConnectionSettings>();
    if (settings.state_counts) {
        appendConnectionStateCounts(section, context.naming, out);
    }
    if (settings.per_process) {
        appendProcessConnectionMetrics(
            section, context.snapshot ? context.snapshot->get<ProcessSection>().get() : nullptr,
            out);
    }
}

std::vector<std::string> connectionMetricsReads(const SettingsMap& settings) {
    const auto& connections = settings.get<ConnectionSettings>();
    if (connections.per_process) {
        // The owners, and their names.
        return {ConnectionSection::kName, ConnectionSection::kOwnersPart, ProcessSection::kName};
    }
    if (connections.state_counts) {
        return {ConnectionSection::kName};
    }
    return {};
}

void appendNetworkMetrics(const NetworkSection& section, const RenderContext& context,
                          FamilyList& out) {
    const MetricNaming naming = context.naming;
    const auto n = [](std::uint64_t value) { return static_cast<double>(value); };
    if (naming == MetricNaming::windows) {
        for (const auto& nic : section.interfaces) {
            // Only the instances of PDH's Network Interface object, which windows_exporter reads:
            // no loopback, WAN miniport or interface bound to neither IPv4 nor IPv6 (the REST
            // API still lists them, with pdh_instance false).
            if (!nic.pdh_instance.value_or(true)) {
                continue;
            }
            const Labels l = {{"nic", nic.name}};  // the PDH instance name (v0.30+), see nicLabel
            out.counter("windows_net_bytes_received_total",
                        "Bytes received (GetIfTable2 InOctets).", n(nic.bytes_received), l);
            out.counter("windows_net_bytes_sent_total", "Bytes sent (GetIfTable2 OutOctets).",
                        n(nic.bytes_sent), l);
            out.counter("windows_net_bytes_total", "Bytes received and sent.",
                        n(nic.bytes_received + nic.bytes_sent), l);
            out.counter("windows_net_packets_total", "Packets received and sent.",
                        n(nic.packets_received + nic.packets_sent), l);
            out.counter("windows_net_packets_received_total", "Packets received, unicast and not.",
                        n(nic.packets_received), l);
            out.counterIf("windows_net_packets_received_unknown_total",
                          "Inbound packets of an unknown or unsupported protocol (GetIfTable2 "
                          "InUnknownProtos).",
                          nic.packets_received_unknown, l);
            out.counter("windows_net_packets_sent_total", "Packets sent, unicast and not.",
                        n(nic.packets_sent), l);
            out.counter("windows_net_packets_received_errors_total", "Inbound packets with errors.",
                        n(nic.receive_errors), l);
            out.counter("windows_net_packets_received_discarded_total",
                        "Inbound packets discarded.", n(nic.receive_discards), l);
            out.counter("windows_net_packets_outbound_errors_total",
                        "Outbound packets with errors.", n(nic.transmit_errors), l);
            out.counter("windows_net_packets_outbound_discarded_total",
                        "Outbound packets discarded.", n(nic.transmit_discards), l);
            if (nic.speed_bits_per_second) {
                out.gauge("windows_net_current_bandwidth_bytes", "Link speed in bytes per second.",
                          n(*nic.speed_bits_per_second) / 8, l);
            }
            out.gaugeIf("windows_net_output_queue_length_packets",
                        "Output packet queue length (GetIfTable2 OutQLen; 0 on NDIS interfaces, "
                        "as Microsoft documents).",
                        nic.output_queue_length, l);
            out.info("windows_net_nic_info", "Interface names and MAC address.",
                     {{"nic", nic.name},
                      {"friendly_name", nic.friendly_name},
                      {"mac", exporterMac(nic.mac)}});
            // One series per RFC 2863 IfOperStatus value, 1 for the current one, as
            // windows_exporter writes them.
            for (const auto& [ours, label] : exporterOperStatuses()) {
                out.gauge("windows_net_nic_operation_status",
                          "The operational status for the interface as defined in RFC 2863 as "
                          "IfOperStatus.",
                          nic.oper_status == ours ? 1 : 0, {{"nic", nic.name}, {"status", label}});
            }
            // windows_exporter lists the addresses of interfaces that are up only.
            if (nic.oper_status == "up") {
                for (const auto& [family, address] : nic.global_addresses) {
                    out.info("windows_net_nic_address_info",
                             "Global unicast addresses of the interfaces that are up "
                             "(GetAdaptersAddresses).",
                             {{"nic", nic.name}, {"address", address}, {"family", family}});
                }
            }
        }
        return;
    }
    for (const auto& nic : section.interfaces) {
        const Labels l = {{"device", nic.name}};
        out.counter("node_network_receive_bytes_total", "Network device statistic receive_bytes.",
                    n(nic.bytes_received), l);
        out.counter("node_network_transmit_bytes_total", "Network device statistic transmit_bytes.",
                    n(nic.bytes_sent), l);
        out.counter("node_network_receive_packets_total",
                    "Network device statistic receive_packets.", n(nic.packets_received), l);
        out.counter("node_network_transmit_packets_total",
                    "Network device statistic transmit_packets.", n(nic.packets_sent), l);
        out.counter("node_network_receive_errs_total", "Network device statistic receive_errs.",
                    n(nic.receive_errors), l);
        out.counter("node_network_transmit_errs_total", "Network device statistic transmit_errs.",
                    n(nic.transmit_errors), l);
        out.counter("node_network_receive_drop_total", "Network device statistic receive_drop.",
                    n(nic.receive_discards), l);
        out.counter("node_network_transmit_drop_total", "Network device statistic transmit_drop.",
                    n(nic.transmit_discards), l);
        out.gauge("node_network_up", "Value is 1 if operstate is 'up', 0 otherwise.",
                  nic.oper_status == "up" ? 1 : 0, l);
        if (nic.mtu) {
            out.gauge("node_network_mtu_bytes", "Network device property: mtu_bytes.", *nic.mtu, l);
        }
        if (nic.speed_bits_per_second) {
            out.gauge("node_network_speed_bytes", "Network device property: speed_bytes.",
                      n(*nic.speed_bits_per_second) / 8, l);
        }
        out.info("node_network_info", "Non-numeric data from /sys/class/net/<iface>.",
                 {{"device", nic.name}, {"address", nic.mac}, {"operstate", nic.oper_status}});
    }
}

}  // namespace sysmetrics
