#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
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

struct TcpSection : Section {
    static constexpr const char* kName = "tcp";
    std::vector<TcpCounters> families;
};

// Windows: GetTcpStatisticsEx2 (64-bit segment counts, Windows 10 1709 / Server 2016 on) or
// GetTcpStatisticsEx, for AF_INET and AF_INET6; a family whose stack is absent is left out.
// Linux: the Tcp lines of /proc/net/snmp, which count IPv4 and IPv6 together.
std::unique_ptr<SectionSource<TcpSection>> makeTcpSource();

// ---- Portable interpretation ----

// MIB_TCPSTATS (GetTcpStatisticsEx): fifteen DWORDs, 60 bytes. Empty when `size` is short.
std::optional<TcpCounters> parseMibTcpStats(const std::uint8_t* data, std::size_t size);
// MIB_TCPSTATS2 (GetTcpStatisticsEx2): as MIB_TCPSTATS but dw64InSegs and dw64OutSegs are
// DWORD64s, at offsets 40 and 48 (after 4 bytes of alignment padding), 72 bytes in all.
std::optional<TcpCounters> parseMibTcpStats2(const std::uint8_t* data, std::size_t size);

// The "Tcp:" header and value lines of /proc/net/snmp. An error (invalid_data) names what is
// wrong: no Tcp lines, a header without its values, counts that differ, a value that is not a
// number, or a field the counters need that is missing. MaxConn is -1 (signed) and not kept.
Result<TcpCounters> parseProcNetSnmpTcp(std::string_view text);

}  // namespace sysmetrics
