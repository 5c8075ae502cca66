#include "collectors/tcp.h"

#include <cstring>
#include <initializer_list>
#include <map>

#include "collectors/netstat_fields.h"

namespace sysmetrics {

namespace {

std::uint32_t dwordAt(const std::uint8_t* data, std::size_t offset) {
    std::uint32_t value = 0;
    std::memcpy(&value, data + offset, sizeof value);
    return value;
}

std::uint64_t qwordAt(const std::uint8_t* data, std::size_t offset) {
    std::uint64_t value = 0;
    std::memcpy(&value, data + offset, sizeof value);
    return value;
}

// Where MIB_TCPSTATS and MIB_TCPSTATS2 keep what differs between them: both have
// dwActiveOpens .. dwCurrEstab at 16..32; the segment counts are DWORDs in one, DWORD64s after
// 4 bytes of padding in the other, which moves the members after them.
struct MibLayout {
    std::size_t size;
    std::size_t in_segs, out_segs;
    bool wide_segments;
    std::size_t retrans_segs, in_errs, out_rsts;
};

constexpr MibLayout kMibTcpStats{15 * 4, 36, 40, false, 44, 48, 52};
constexpr MibLayout kMibTcpStats2{72, 40, 48, true, 56, 60, 64};

std::optional<TcpCounters> parseMib(const std::uint8_t* data, std::size_t size,
                                    const MibLayout& layout) {
    if (data == nullptr || size < layout.size) {
        return std::nullopt;
    }
    const auto segments = [&](std::size_t offset) -> std::uint64_t {
        return layout.wide_segments ? qwordAt(data, offset) : dwordAt(data, offset);
    };
    TcpCounters out;
    out.active_opens = dwordAt(data, 16);
    out.passive_opens = dwordAt(data, 20);
    out.attempt_fails = dwordAt(data, 24);
    out.estab_resets = dwordAt(data, 28);
    out.curr_estab = dwordAt(data, 32);
    out.in_segs = segments(layout.in_segs);
    out.out_segs = segments(layout.out_segs);
    out.retrans_segs = dwordAt(data, layout.retrans_segs);
    out.in_errs = dwordAt(data, layout.in_errs);
    out.out_rsts = dwordAt(data, layout.out_rsts);
    return out;
}

Error invalid(std::string what, const char* where) {
    return Error{ErrorCode::invalid_data, 0, where, std::move(what)};
}

}  // namespace

std::optional<TcpCounters> parseMibTcpStats(const std::uint8_t* data, std::size_t size) {
    return parseMib(data, size, kMibTcpStats);
}

std::optional<TcpCounters> parseMibTcpStats2(const std::uint8_t* data, std::size_t size) {
    return parseMib(data, size, kMibTcpStats2);
}

std::optional<UdpCounters> parseMibUdpStats(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size < 5 * 4) {
        return std::nullopt;
    }
    UdpCounters out;
    out.in_datagrams = dwordAt(data, 0);
    out.no_ports = dwordAt(data, 4);
    out.in_errors = dwordAt(data, 8);
    out.out_datagrams = dwordAt(data, 12);
    return out;
}

std::optional<UdpCounters> parseMibUdpStats2(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size < 32) {
        return std::nullopt;
    }
    UdpCounters out;
    out.in_datagrams = qwordAt(data, 0);
    out.no_ports = dwordAt(data, 8);
    out.in_errors = dwordAt(data, 12);
    out.out_datagrams = qwordAt(data, 16);
    return out;
}

namespace {

// One group's fields ("Tcp", "Udp6") of a parsed /proc/net file, by field name. A negative value
// (Tcp MaxConn, -1) is not a counter and is not kept. Counts are exact up to 2^53, centuries of
// segments or datagrams at any line rate.
Result<std::map<std::string, std::uint64_t>> groupCounters(const std::vector<NetstatField>& fields,
                                                           const std::string& group,
                                                           const char* where) {
    const std::string prefix = group + "_";
    std::map<std::string, std::uint64_t> counters;
    bool found = false;
    for (const NetstatField& field : fields) {
        if (field.name.compare(0, prefix.size(), prefix) != 0) {
            continue;
        }
        found = true;
        if (field.value >= 0) {
            counters[field.name.substr(prefix.size())] = static_cast<std::uint64_t>(field.value);
        }
    }
    if (!found) {
        return invalid("no " + group + " lines", where);
    }
    return counters;
}

// Fills `out`'s members from `counters` by field name; the error names the first one missing.
template <typename Counters>
Result<Counters> countersFrom(
    const std::map<std::string, std::uint64_t>& counters,
    std::initializer_list<std::pair<const char*, std::uint64_t Counters::*>> fields,
    const std::string& group, const char* where, Counters out) {
    for (const auto& [name, member] : fields) {
        const auto it = counters.find(name);
        if (it == counters.end()) {
            return invalid(group + " " + name + " is missing", where);
        }
        out.*member = it->second;
    }
    return out;
}

}  // namespace

Result<UdpCounters> udpCountersOf(const std::vector<NetstatField>& fields,
                                  const std::string& family) {
    const bool v6 = family == "ipv6";
    const std::string group = v6 ? "Udp6" : "Udp";
    const char* where = v6 ? "/proc/net/snmp6" : "/proc/net/snmp";
    auto counters = groupCounters(fields, group, where);
    if (!counters.ok()) {
        return counters.error();
    }
    UdpCounters udp;
    udp.family = family;
    udp.source = where;
    auto out = countersFrom<UdpCounters>(counters.value(),
                                         {{"InDatagrams", &UdpCounters::in_datagrams},
                                          {"NoPorts", &UdpCounters::no_ports},
                                          {"InErrors", &UdpCounters::in_errors},
                                          {"OutDatagrams", &UdpCounters::out_datagrams}},
                                         group, where, std::move(udp));
    if (out.ok()) {
        const auto& c = counters.value();
        if (const auto it = c.find("RcvbufErrors"); it != c.end()) {
            out->receive_buffer_errors = it->second;
        }
        if (const auto it = c.find("SndbufErrors"); it != c.end()) {
            out->send_buffer_errors = it->second;
        }
    }
    return out;
}

Result<TcpCounters> tcpCountersOf(const std::vector<NetstatField>& snmp) {
    auto counters = groupCounters(snmp, "Tcp", "/proc/net/snmp");
    if (!counters.ok()) {
        return counters.error();
    }
    TcpCounters tcp;
    tcp.family = "all";
    tcp.source = "/proc/net/snmp";
    return countersFrom<TcpCounters>(counters.value(),
                                     {{"ActiveOpens", &TcpCounters::active_opens},
                                      {"PassiveOpens", &TcpCounters::passive_opens},
                                      {"AttemptFails", &TcpCounters::attempt_fails},
                                      {"EstabResets", &TcpCounters::estab_resets},
                                      {"CurrEstab", &TcpCounters::curr_estab},
                                      {"InSegs", &TcpCounters::in_segs},
                                      {"OutSegs", &TcpCounters::out_segs},
                                      {"RetransSegs", &TcpCounters::retrans_segs},
                                      {"InErrs", &TcpCounters::in_errs},
                                      {"OutRsts", &TcpCounters::out_rsts}},
                                     "Tcp", "/proc/net/snmp", std::move(tcp));
}

Result<UdpCounters> parseProcNetSnmpUdp(std::string_view text) {
    auto fields = parseNetstatGroups(text, "/proc/net/snmp");
    return fields.ok() ? udpCountersOf(fields.value(), "ipv4")
                       : Result<UdpCounters>(fields.error());
}

Result<UdpCounters> parseProcNetSnmp6Udp(std::string_view text) {
    auto fields = parseSnmp6Fields(text);
    return fields.ok() ? udpCountersOf(fields.value(), "ipv6")
                       : Result<UdpCounters>(fields.error());
}

Result<TcpCounters> parseProcNetSnmpTcp(std::string_view text) {
    auto fields = parseNetstatGroups(text, "/proc/net/snmp");
    return fields.ok() ? tcpCountersOf(fields.value()) : Result<TcpCounters>(fields.error());
}

}  // namespace sysmetrics
