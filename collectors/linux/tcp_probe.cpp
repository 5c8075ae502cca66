#include "base/file_read.h"
#include "collectors/tcp.h"

namespace sysmetrics {

namespace {

// /proc/net/snmp counts IPv4 and IPv6 together for TCP (/proc/net/snmp6 has no TCP lines); its
// Udp lines are IPv4's (IPv6's are in /proc/net/snmp6, not read).
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
    return section;
}

}  // namespace

std::unique_ptr<SectionSource<TcpSection>> makeTcpSource() {
    return std::make_unique<NotingSource<TcpSection>>(&readTcp);
}

}  // namespace sysmetrics
