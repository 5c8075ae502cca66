#include "collectors/tcp.h"

#include <cstring>
#include <map>

#include "base/text_parse.h"
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

Error invalid(std::string what, const char* where = "/proc/net/snmp") {
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

// One group's header and value lines ("Tcp:", "Udp:") of /proc/net/snmp, by field name.
// MaxConn is -1 (signed): a number, not a counter, and not kept.
Result<std::map<std::string_view, std::uint64_t>> snmpGroup(std::string_view text,
                                                            const std::string& group) {
    const std::string tag = group + ":";
    std::vector<std::string_view> header, values;
    for (std::string_view line : splitLines(text)) {
        auto fields = splitFields(line);
        if (fields.empty() || fields[0] != tag) {
            continue;
        }
        if (header.empty()) {
            header = std::move(fields);
        } else {
            values = std::move(fields);
            break;
        }
    }
    if (header.empty()) {
        return invalid("no " + group + " lines");
    }
    if (values.empty()) {
        return invalid("a " + group + " header without its values");
    }
    if (header.size() != values.size()) {
        return invalid(group + " has " + std::to_string(header.size() - 1) + " names and " +
                       std::to_string(values.size() - 1) + " values");
    }
    std::map<std::string_view, std::uint64_t> counters;
    for (std::size_t i = 1; i < header.size(); i++) {
        if (const auto value = parseUnsigned(values[i])) {
            counters[header[i]] = *value;
        } else if (!parseSigned(values[i])) {
            return invalid(group + " " + std::string(header[i]) + " is not a number: '" +
                           std::string(values[i]) + "'");
        }
    }
    return counters;
}

}  // namespace

namespace {

// The Udp fields both /proc/net/snmp ("Udp:" group) and /proc/net/snmp6 ("Udp6" prefix) name
// alike; `group` names them in an error.
Result<UdpCounters> udpCountersFrom(const std::map<std::string_view, std::uint64_t>& c,
                                    const std::string& group, const char* where) {
    UdpCounters out;
    const std::pair<const char*, std::uint64_t UdpCounters::*> kFields[] = {
        {"InDatagrams", &UdpCounters::in_datagrams},
        {"NoPorts", &UdpCounters::no_ports},
        {"InErrors", &UdpCounters::in_errors},
        {"OutDatagrams", &UdpCounters::out_datagrams},
    };
    for (const auto& [name, member] : kFields) {
        const auto it = c.find(name);
        if (it == c.end()) {
            return invalid(group + " " + name + " is missing", where);
        }
        out.*member = it->second;
    }
    if (const auto it = c.find("RcvbufErrors"); it != c.end()) {
        out.receive_buffer_errors = it->second;
    }
    if (const auto it = c.find("SndbufErrors"); it != c.end()) {
        out.send_buffer_errors = it->second;
    }
    return out;
}

}  // namespace

Result<UdpCounters> parseProcNetSnmpUdp(std::string_view text) {
    auto counters = snmpGroup(text, "Udp");
    if (!counters.ok()) {
        return counters.error();
    }
    auto out = udpCountersFrom(counters.value(), "Udp", "/proc/net/snmp");
    if (out.ok()) {
        out->family = "ipv4";
        out->source = "/proc/net/snmp";
    }
    return out;
}

Result<UdpCounters> parseProcNetSnmp6Udp(std::string_view text) {
    auto fields = parseSnmp6Fields(text);
    if (!fields.ok()) {
        return fields.error();
    }
    // Exact as integers up to 2^53 datagrams, centuries at any line rate.
    std::map<std::string_view, std::uint64_t> counters;
    constexpr std::string_view kGroup = "Udp6_";
    for (const NetstatField& field : fields.value()) {
        const std::string_view name = field.name;
        if (name.substr(0, kGroup.size()) == kGroup && field.value >= 0) {
            counters[name.substr(kGroup.size())] = static_cast<std::uint64_t>(field.value);
        }
    }
    if (counters.empty()) {
        return invalid("no Udp6 lines", "/proc/net/snmp6");
    }
    auto out = udpCountersFrom(counters, "Udp6", "/proc/net/snmp6");
    if (out.ok()) {
        out->family = "ipv6";
        out->source = "/proc/net/snmp6";
    }
    return out;
}

Result<TcpCounters> parseProcNetSnmpTcp(std::string_view text) {
    auto parsed = snmpGroup(text, "Tcp");
    if (!parsed.ok()) {
        return parsed.error();
    }
    const auto& counters = parsed.value();
    TcpCounters out;
    out.family = "all";
    out.source = "/proc/net/snmp";
    const std::pair<const char*, std::uint64_t TcpCounters::*> kFields[] = {
        {"ActiveOpens", &TcpCounters::active_opens},
        {"PassiveOpens", &TcpCounters::passive_opens},
        {"AttemptFails", &TcpCounters::attempt_fails},
        {"EstabResets", &TcpCounters::estab_resets},
        {"CurrEstab", &TcpCounters::curr_estab},
        {"InSegs", &TcpCounters::in_segs},
        {"OutSegs", &TcpCounters::out_segs},
        {"RetransSegs", &TcpCounters::retrans_segs},
        {"InErrs", &TcpCounters::in_errs},
        {"OutRsts", &TcpCounters::out_rsts},
    };
    for (const auto& [name, member] : kFields) {
        const auto it = counters.find(name);
        if (it == counters.end()) {
            return invalid(std::string("Tcp ") + name + " is missing");
        }
        out.*member = it->second;
    }
    return out;
}

}  // namespace sysmetrics
