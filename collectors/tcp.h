#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "collectors/netstat_fields.h"
#include "collectors/section.h"
#include "collectors/section_source.h"

namespace sysmetrics {

// The TCP group of RFC 1213 / RFC 4022 for one address family, as the OS counts it since boot.
struct TcpCounters {
    // "ipv4" or "ipv6" (Windows keeps one set per family), or "all" (Linux: one set for both).
    std::string family;
    std::string source;  // "GetTcpStatisticsEx2", "GetTcpStatisticsEx" or "/proc/net/snmp"
    std::uint64_t active_opens = 0;   // tcpActiveOpens: SYN-SENT from CLOSED (we connected)
    std::uint64_t passive_opens = 0;  // tcpPassiveOpens: SYN-RCVD from LISTEN (we accepted)
    std::uint64_t attempt_fails = 0;  // tcpAttemptFails: SYN-SENT/SYN-RCVD to CLOSED or LISTEN
    std::uint64_t estab_resets = 0;   // tcpEstabResets: ESTABLISHED/CLOSE-WAIT to CLOSED
    std::uint64_t curr_estab = 0;     // tcpCurrEstab (a gauge): ESTABLISHED + CLOSE-WAIT now
    std::uint64_t in_segs = 0;        // tcpInSegs, errored ones included
    std::uint64_t out_segs = 0;       // tcpOutSegs, retransmissions excluded
    std::uint64_t retrans_segs = 0;   // tcpRetransSegs
    std::uint64_t in_errs = 0;        // tcpInErrs
    std::uint64_t out_rsts = 0;       // tcpOutRsts: segments sent with RST
};

// The UDP group of RFC 4113 for one address family, as the OS counts it since boot.
struct UdpCounters {
    // "ipv4" or "ipv6" (Windows keeps one set per family; Linux's /proc/net/snmp Udp is IPv4's and
    // /proc/net/snmp6's Udp6 IPv6's).
    std::string family;
    std::string source;               // the Windows call or the /proc file they were read from
    std::uint64_t in_datagrams = 0;   // udpInDatagrams: delivered to a socket
    std::uint64_t no_ports = 0;       // udpNoPorts: for a port no socket is bound to
    std::uint64_t in_errors = 0;      // udpInErrors: not delivered for another reason
    std::uint64_t out_datagrams = 0;  // udpOutDatagrams
    std::optional<std::uint64_t> receive_buffer_errors;  // Linux RcvbufErrors (in in_errors too)
    std::optional<std::uint64_t> send_buffer_errors;     // Linux SndbufErrors
};

struct TcpSection : Section {
    static constexpr const char* kName = "tcp";
    std::vector<TcpCounters> families;
    std::vector<UdpCounters> udp;  // empty where the OS would not give them (the notes say why)
    // Linux: the /proc/net/snmp, netstat and snmp6 fields node_exporter exports by default, for
    // its node_netstat_* families (isExportedNetstatField). Empty on Windows.
    std::vector<NetstatField> netstat;
};

// Windows: GetTcpStatisticsEx2 (64-bit segment counts, Windows 10 1709 / Server 2016 on) or
// GetTcpStatisticsEx, for AF_INET and AF_INET6; a family whose stack is absent is left out.
// UDP likewise from GetUdpStatisticsEx2 or GetUdpStatisticsEx; its failure only notes it.
// Linux: the Tcp lines of /proc/net/snmp, which count IPv4 and IPv6 together, and its Udp lines.
std::unique_ptr<SectionSource<TcpSection>> makeTcpSource();

// ---- Portable interpretation ----

// MIB_TCPSTATS (GetTcpStatisticsEx): fifteen DWORDs, 60 bytes. Empty when `size` is short.
std::optional<TcpCounters> parseMibTcpStats(const std::uint8_t* data, std::size_t size);
// MIB_TCPSTATS2 (GetTcpStatisticsEx2): as MIB_TCPSTATS but dw64InSegs and dw64OutSegs are
// DWORD64s, at offsets 40 and 48 (after 4 bytes of alignment padding), 72 bytes in all.
std::optional<TcpCounters> parseMibTcpStats2(const std::uint8_t* data, std::size_t size);

// MIB_UDPSTATS (GetUdpStatisticsEx): five DWORDs, 20 bytes. Empty when `size` is short.
std::optional<UdpCounters> parseMibUdpStats(const std::uint8_t* data, std::size_t size);
// MIB_UDPSTATS2 (GetUdpStatisticsEx2): dw64InDatagrams at 0, dwNoPorts 8, dwInErrors 12,
// dw64OutDatagrams 16, dwNumAddrs 24: 32 bytes with the padding.
std::optional<UdpCounters> parseMibUdpStats2(const std::uint8_t* data, std::size_t size);

// The counters of the Tcp group of /proc/net/snmp's fields (parseNetstatGroups). An error
// (invalid_data) names what is missing: the group, or a field the counters need. MaxConn is -1
// (signed) and not kept.
Result<TcpCounters> tcpCountersOf(const std::vector<NetstatField>& snmp);
// The counters of `family`'s UDP group: "ipv4", the Udp group of /proc/net/snmp's fields;
// "ipv6", the Udp6 group of /proc/net/snmp6's (parseSnmp6Fields; "UdpLite6" is not UDP's).
Result<UdpCounters> udpCountersOf(const std::vector<NetstatField>& fields,
                                  const std::string& family);

// The same from the files' text, with parse errors as parseNetstatGroups / parseSnmp6Fields
// name them (a header without its values, counts that differ, a value that is not a number).
Result<TcpCounters> parseProcNetSnmpTcp(std::string_view text);
Result<UdpCounters> parseProcNetSnmpUdp(std::string_view text);
Result<UdpCounters> parseProcNetSnmp6Udp(std::string_view text);

}  // namespace sysmetrics
