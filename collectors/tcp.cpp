#include "collectors/tcp.h"

#include <cstring>
#include <map>

#include "base/text_parse.h"

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

// The members both structures share, at the same offsets: dwActiveOpens .. dwCurrEstab.
void readOpens(const std::uint8_t* data, TcpCounters& out) {
    out.active_opens = dwordAt(data, 16);
    out.passive_opens = dwordAt(data, 20);
    out.attempt_fails = dwordAt(data, 24);
    out.estab_resets = dwordAt(data, 28);
    out.curr_estab = dwordAt(data, 32);
}

constexpr std::size_t kMibTcpStatsSize = 15 * 4;
constexpr std::size_t kMibTcpStats2Size = 72;

Error invalid(std::string what) {
    return Error{ErrorCode::invalid_data, 0, "/proc/net/snmp: " + std::move(what)};
}

}  // namespace

std::optional<TcpCounters> parseMibTcpStats(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size < kMibTcpStatsSize) {
        return std::nullopt;
    }
    TcpCounters out;
    readOpens(data, out);
    out.in_segs = dwordAt(data, 36);
    out.out_segs = dwordAt(data, 40);
    out.retrans_segs = dwordAt(data, 44);
    out.in_errs = dwordAt(data, 48);
    out.out_rsts = dwordAt(data, 52);
    return out;
}

std::optional<TcpCounters> parseMibTcpStats2(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr || size < kMibTcpStats2Size) {
        return std::nullopt;
    }
    TcpCounters out;
    readOpens(data, out);
    out.in_segs = qwordAt(data, 40);
    out.out_segs = qwordAt(data, 48);
    out.retrans_segs = dwordAt(data, 56);
    out.in_errs = dwordAt(data, 60);
    out.out_rsts = dwordAt(data, 64);
    return out;
}

Result<TcpCounters> parseProcNetSnmpTcp(std::string_view text) {
    std::vector<std::string_view> header, values;
    for (std::string_view line : splitLines(text)) {
        auto fields = splitFields(line);
        if (fields.empty() || fields[0] != "Tcp:") {
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
        return invalid("no Tcp lines");
    }
    if (values.empty()) {
        return invalid("a Tcp header without its values");
    }
    if (header.size() != values.size()) {
        return invalid("Tcp has " + std::to_string(header.size() - 1) + " names and " +
                       std::to_string(values.size() - 1) + " values");
    }
    std::map<std::string_view, std::uint64_t> counters;
    for (std::size_t i = 1; i < header.size(); i++) {
        if (const auto value = parseUnsigned(values[i])) {
            counters[header[i]] = *value;
        } else if (!parseSigned(values[i])) {  // MaxConn is -1: a number, not a counter
            return invalid("Tcp " + std::string(header[i]) + " is not a number: '" +
                           std::string(values[i]) + "'");
        }
    }
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
