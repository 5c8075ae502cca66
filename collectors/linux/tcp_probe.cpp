#include "base/file_read.h"
#include "collectors/tcp.h"

namespace sysmetrics {

namespace {

// /proc/net/snmp counts IPv4 and IPv6 together for TCP (/proc/net/snmp6 has no TCP lines); its
// Udp lines are IPv4's, and /proc/net/snmp6's Udp6 lines IPv6's. A kernel booted without IPv6
// (ipv6.disable=1) has no /proc/net/snmp6: a note, not an error.
Result<TcpSection> readTcp(std::vector<std::string>& notes) {
    auto text = readTextFile("/proc/net/snmp");
    if (!text.ok()) {
        return text.error();
    }
    auto counters = parseProcNetSnmpTcp(text.value());
    if (!counters.ok()) {
        return counters.error();
    }
    TcpSection section;
    section.families.push_back(std::move(counters).value());
    if (auto udp = parseProcNetSnmpUdp(text.value()); udp.ok()) {
        section.udp.push_back(std::move(udp).value());
    } else {
        notes.push_back("no UDP counters: " + udp.error().describe());
    }
    auto text6 = readTextFile("/proc/net/snmp6");
    auto udp6 =
        text6.ok() ? parseProcNetSnmp6Udp(text6.value()) : Result<UdpCounters>(text6.error());
    if (udp6.ok()) {
        section.udp.push_back(std::move(udp6).value());
    } else {
        notes.push_back("no IPv6 UDP counters: " + udp6.error().describe());
    }
    return section;
}

}  // namespace

std::unique_ptr<SectionSource<TcpSection>> makeTcpSource() {
    return std::make_unique<NotingSource<TcpSection>>(&readTcp);
}

}  // namespace sysmetrics
