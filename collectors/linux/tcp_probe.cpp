#include "base/file_read.h"
#include "collectors/tcp.h"

namespace sysmetrics {

namespace {

// /proc/net/snmp counts IPv4 and IPv6 together (/proc/net/snmp6 has no TCP lines).
Result<TcpSection> readTcp() {
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
    return section;
}

}  // namespace

std::unique_ptr<SectionSource<TcpSection>> makeTcpSource() {
    return std::make_unique<StatelessSource<TcpSection>>(&readTcp);
}

}  // namespace sysmetrics
