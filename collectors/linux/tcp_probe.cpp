#include "base/file_read.h"
#include "collectors/tcp.h"

namespace sysmetrics {

namespace {

// node_exporter's default netstat fields of one file's parsed fields, appended to `out`; a file
// that cannot be read or parsed is a note.
void keepExportedFields(const Result<std::vector<NetstatField>>& fields, const char* path,
                        std::vector<NetstatField>& out, std::vector<std::string>& notes) {
    if (!fields.ok()) {
        notes.push_back(std::string("no node_netstat_* families from ") + path + ": " +
                        fields.error().describe());
        return;
    }
    appendExportedNetstatFields(fields.value(), out);
}

Result<std::vector<NetstatField>> readNetstatGroups(const char* path) {
    auto text = readTextFile(path);
    return text.ok() ? parseNetstatGroups(text.value(), path)
                     : Result<std::vector<NetstatField>>(text.error());
}

// /proc/net/snmp counts IPv4 and IPv6 together for TCP (/proc/net/snmp6 has no TCP lines); its
// Udp lines are IPv4's, and /proc/net/snmp6's Udp6 lines IPv6's. A kernel booted without IPv6
// (ipv6.disable=1) has no /proc/net/snmp6: a note, not an error. /proc/net/netstat has the
// TcpExt and IpExt groups.
Result<TcpSection> readTcp(std::vector<std::string>& notes) {
    auto snmp = readNetstatGroups("/proc/net/snmp");
    if (!snmp.ok()) {
        return snmp.error();
    }
    auto counters = tcpCountersOf(snmp.value());
    if (!counters.ok()) {
        return counters.error();
    }
    TcpSection section;
    section.families.push_back(std::move(counters).value());
    if (auto udp = udpCountersOf(snmp.value(), "ipv4"); udp.ok()) {
        section.udp.push_back(std::move(udp).value());
    } else {
        notes.push_back("no UDP counters: " + udp.error().describe());
    }
    auto text6 = readTextFile("/proc/net/snmp6");
    auto snmp6 = text6.ok() ? parseSnmp6Fields(text6.value())
                            : Result<std::vector<NetstatField>>(text6.error());
    auto udp6 =
        snmp6.ok() ? udpCountersOf(snmp6.value(), "ipv6") : Result<UdpCounters>(snmp6.error());
    if (udp6.ok()) {
        section.udp.push_back(std::move(udp6).value());
    } else {
        notes.push_back("no IPv6 UDP counters: " + udp6.error().describe());
    }
    keepExportedFields(snmp, "/proc/net/snmp", section.netstat, notes);
    keepExportedFields(readNetstatGroups("/proc/net/netstat"), "/proc/net/netstat", section.netstat,
                       notes);
    if (snmp6.ok()) {
        keepExportedFields(snmp6, "/proc/net/snmp6", section.netstat, notes);
    }
    return section;
}

}  // namespace

std::unique_ptr<SectionSource<TcpSection>> makeTcpSource() {
    return std::make_unique<NotingSource<TcpSection>>(&readTcp);
}

}  // namespace sysmetrics
