#include "collectors/network.h"
#include "collectors/nic_instances.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "base/counter_rate.h"
#include "base/text_parse.h"
#include "collectors/nt_layouts.h"

namespace sysmetrics {

namespace {

std::uint16_t portFromNetworkDword(std::uint32_t value) {
    // The port is in network byte order in the low 16 bits of a DWORD.
    const auto b0 = static_cast<std::uint8_t>(value & 0xFF);
    const auto b1 = static_cast<std::uint8_t>((value >> 8) & 0xFF);
    return static_cast<std::uint16_t>((b0 << 8) | b1);
}

template <typename Row>
void appendTable(const std::uint8_t* data, std::size_t size, std::size_t row_size,
                 std::vector<Connection>& out, Row row) {
    if (!data || size < kMibTableRows) {
        return;
    }
    const std::size_t count = std::min<std::size_t>(
        readAt<std::uint32_t>(data, kMibTableNumEntries), (size - kMibTableRows) / row_size);
    out.reserve(out.size() + count);
    for (std::size_t i = 0; i < count; i++) {
        row(data + kMibTableRows + i * row_size, out.emplace_back());
    }
}

std::optional<std::uint32_t> hexValue(std::string_view text) {
    if (text.empty() || text.size() > 8) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (char c : text) {
        value <<= 4;
        if (c >= '0' && c <= '9') {
            value |= static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'A' && c <= 'F') {
            value |= static_cast<std::uint32_t>(c - 'A' + 10);
        } else if (c >= 'a' && c <= 'f') {
            value |= static_cast<std::uint32_t>(c - 'a' + 10);
        } else {
            return std::nullopt;
        }
    }
    return value;
}

// "0100007F:1F90" (address words in host order, little-endian here) -> 127.0.0.1, 8080.
bool parseProcAddress(std::string_view text, int family, std::string& address,
                      std::uint16_t& port) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    const std::string_view hex = text.substr(0, colon);
    const auto port_value = hexValue(text.substr(colon + 1));
    const std::size_t words = family == 4 ? 1 : 4;
    if (!port_value || hex.size() != words * 8) {
        return false;
    }
    std::uint8_t bytes[16] = {};
    for (std::size_t w = 0; w < words; w++) {
        const auto word = hexValue(hex.substr(w * 8, 8));
        if (!word) {
            return false;
        }
        for (int b = 0; b < 4; b++) {
            bytes[w * 4 + b] = static_cast<std::uint8_t>((*word >> (8 * b)) & 0xFF);
        }
    }
    address = family == 4 ? formatIpv4(bytes) : formatIpv6(bytes);
    port = static_cast<std::uint16_t>(*port_value);
    return true;
}

}  // namespace

// Addresses are formatted for every row of a connection table, thousands per cycle: by hand,
// as printf's format parsing cost more than the rest of a row.
namespace {

char* appendDecimal(char* out, unsigned value) {
    if (value >= 100) {
        *out++ = static_cast<char>('0' + value / 100);
    }
    if (value >= 10) {
        *out++ = static_cast<char>('0' + value / 10 % 10);
    }
    *out++ = static_cast<char>('0' + value % 10);
    return out;
}

char* appendHex(char* out, unsigned value) {
    static const char kDigits[] = "0123456789abcdef";
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        const unsigned digit = (value >> shift) & 0xF;
        if (started || digit != 0 || shift == 0) {
            *out++ = kDigits[digit];
            started = true;
        }
    }
    return out;
}

struct OctetText {
    char digits[3];
    std::uint8_t length;
};

// The 256 octets as decimal text, made once.
const std::array<OctetText, 256>& octetTexts() {
    static const std::array<OctetText, 256> table = [] {
        std::array<OctetText, 256> texts{};
        for (unsigned value = 0; value < 256; value++) {
            texts[value].length = static_cast<std::uint8_t>(
                appendDecimal(texts[value].digits, value) - texts[value].digits);
        }
        return texts;
    }();
    return table;
}

}  // namespace

std::string formatIpv4(const std::uint8_t bytes[4]) {
    const auto& octets = octetTexts();
    char text[16];
    char* end = text;
    for (int i = 0; i < 4; i++) {
        if (i > 0) {
            *end++ = '.';
        }
        const OctetText& octet = octets[bytes[i]];
        std::memcpy(end, octet.digits, 3);  // text has room for the spare digits
        end += octet.length;
    }
    return std::string(text, static_cast<std::size_t>(end - text));
}

std::string formatIpv6(const std::uint8_t bytes[16]) {
    std::uint16_t groups[8];
    for (int i = 0; i < 8; i++) {
        groups[i] = static_cast<std::uint16_t>((bytes[2 * i] << 8) | bytes[2 * i + 1]);
    }
    // IPv4-mapped: ::ffff:a.b.c.d
    bool mapped = true;
    for (int i = 0; i < 5; i++)
        mapped = mapped && groups[i] == 0;
    if (mapped && groups[5] == 0xFFFF) {
        return "::ffff:" + formatIpv4(bytes + 12);
    }
    // The longest run of two or more zero groups becomes "::" (RFC 5952).
    int best_start = -1, best_length = 0;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0)
            j++;
        if (j - i > best_length && j - i >= 2) {
            best_start = i;
            best_length = j - i;
        }
        i = j;
    }
    char text[40];  // 8 groups of up to 4 digits and 7 colons
    char* end = text;
    for (int i = 0; i < 8; i++) {
        if (i == best_start) {
            *end++ = ':';
            *end++ = ':';
            i += best_length - 1;
            continue;
        }
        if (end != text && end[-1] != ':') {
            *end++ = ':';
        }
        end = appendHex(end, groups[i]);
    }
    return std::string(text, static_cast<std::size_t>(end - text));
}

const std::string& windowsTcpStateName(std::uint32_t state) {
    static const std::string kNames[] = {
        "UNKNOWN",   "CLOSE",      "LISTEN",  "SYN_SENT", "SYN_RECV",  "ESTABLISHED", "FIN_WAIT1",
        "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "DELETE_TCB"};
    return state < std::size(kNames) ? kNames[state] : kNames[0];  // [0] is "UNKNOWN"
}

const std::string& linuxTcpStateName(std::uint32_t state) {
    static const std::string kNames[] = {
        "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",   "TIME_WAIT",
        "CLOSE",   "CLOSE_WAIT",  "LAST_ACK", "LISTEN",   "CLOSING",   "NEW_SYN_RECV"};
    return state < std::size(kNames) ? kNames[state] : kNames[0];  // [0] is "UNKNOWN"
}

const std::vector<std::string> kInterfaceTypes = {"ethernet", "wireless", "loopback",
                                                  "tunnel",   "ppp",      "other"};

std::string windowsInterfaceType(std::uint32_t if_type) {
    switch (if_type) {
        case 6:  // IF_TYPE_ETHERNET_CSMACD
            return "ethernet";
        case 71:  // IF_TYPE_IEEE80211
            return "wireless";
        case 24:  // IF_TYPE_SOFTWARE_LOOPBACK
            return "loopback";
        case 131:  // IF_TYPE_TUNNEL
            return "tunnel";
        case 23:  // IF_TYPE_PPP
            return "ppp";
        default:
            return "other";
    }
}

std::string linuxInterfaceType(std::uint32_t arphrd, bool wireless) {
    switch (arphrd) {
        case 1:  // ARPHRD_ETHER (Wi-Fi too, told apart by its wireless entry)
            return wireless ? "wireless" : "ethernet";
        case 801:  // ARPHRD_IEEE80211
        case 802:  // ARPHRD_IEEE80211_PRISM
        case 803:  // ARPHRD_IEEE80211_RADIOTAP
            return "wireless";
        case 772:  // ARPHRD_LOOPBACK
            return "loopback";
        case 768:    // ARPHRD_TUNNEL (ipip)
        case 769:    // ARPHRD_TUNNEL6
        case 776:    // ARPHRD_SIT
        case 778:    // ARPHRD_IPGRE
        case 823:    // ARPHRD_IP6GRE
        case 65534:  // ARPHRD_NONE: tun devices, WireGuard
            return "tunnel";
        case 512:  // ARPHRD_PPP
            return "ppp";
        default:
            return "other";
    }
}

std::string windowsExporterStateLabel(const std::string& state) {
    if (state == "LISTEN")
        return "LISTENING";
    if (state == "SYN_RECV")
        return "SYN_RECEIVED";
    if (state == "CLOSE")
        return "CLOSED";
    return state;
}

std::string formatIpv6(const std::uint8_t bytes[16], std::uint32_t scope_id) {
    std::string text = formatIpv6(bytes);
    if (scope_id != 0) {
        text += "%" + std::to_string(scope_id);
    }
    return text;
}

void appendTcp4Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out) {
    namespace r = mib_tcprow_owner_pid;
    appendTable(data, size, r::kSize, out, [](const std::uint8_t* row, Connection& c) {
        c.proto = "tcp";
        c.family = 4;
        c.state = windowsTcpStateName(readAt<std::uint32_t>(row, r::kState));
        c.local_address = formatIpv4(row + r::kLocalAddr);
        c.local_port = portFromNetworkDword(readAt<std::uint32_t>(row, r::kLocalPort));
        c.remote_address = formatIpv4(row + r::kRemoteAddr);
        c.remote_port = portFromNetworkDword(readAt<std::uint32_t>(row, r::kRemotePort));
        c.pid = readAt<std::uint32_t>(row, r::kOwningPid);
    });
}

void appendTcp6Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out) {
    namespace r = mib_tcp6row_owner_pid;
    appendTable(data, size, r::kSize, out, [](const std::uint8_t* row, Connection& c) {
        c.proto = "tcp";
        c.family = 6;
        c.local_address =
            formatIpv6(row + r::kLocalAddr, readAt<std::uint32_t>(row, r::kLocalScopeId));
        c.local_port = portFromNetworkDword(readAt<std::uint32_t>(row, r::kLocalPort));
        c.remote_address =
            formatIpv6(row + r::kRemoteAddr, readAt<std::uint32_t>(row, r::kRemoteScopeId));
        c.remote_port = portFromNetworkDword(readAt<std::uint32_t>(row, r::kRemotePort));
        c.state = windowsTcpStateName(readAt<std::uint32_t>(row, r::kState));
        c.pid = readAt<std::uint32_t>(row, r::kOwningPid);
    });
}

void appendUdp4Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out) {
    namespace r = mib_udprow_owner_pid;
    appendTable(data, size, r::kSize, out, [](const std::uint8_t* row, Connection& c) {
        c.proto = "udp";
        c.family = 4;
        c.state = "NONE";
        c.local_address = formatIpv4(row + r::kLocalAddr);
        c.local_port = portFromNetworkDword(readAt<std::uint32_t>(row, r::kLocalPort));
        c.pid = readAt<std::uint32_t>(row, r::kOwningPid);
    });
}

void appendUdp6Table(const std::uint8_t* data, std::size_t size, std::vector<Connection>& out) {
    namespace r = mib_udp6row_owner_pid;
    appendTable(data, size, r::kSize, out, [](const std::uint8_t* row, Connection& c) {
        c.proto = "udp";
        c.family = 6;
        c.state = "NONE";
        c.local_address =
            formatIpv6(row + r::kLocalAddr, readAt<std::uint32_t>(row, r::kLocalScopeId));
        c.local_port = portFromNetworkDword(readAt<std::uint32_t>(row, r::kLocalPort));
        c.pid = readAt<std::uint32_t>(row, r::kOwningPid);
    });
}

std::vector<Connection> parseProcNet(std::string_view text, const std::string& proto, int family,
                                     std::vector<std::uint64_t>* inodes) {
    std::vector<Connection> out;
    bool header = true;
    for (std::string_view line : splitLines(text)) {
        if (header) {
            header = false;
            continue;
        }
        const auto fields = splitFields(line);
        if (fields.size() < 10) {
            continue;
        }
        Connection c;
        c.proto = proto;
        c.family = family;
        if (!parseProcAddress(fields[1], family, c.local_address, c.local_port) ||
            !parseProcAddress(fields[2], family, c.remote_address, c.remote_port)) {
            continue;
        }
        const auto state = hexValue(fields[3]);
        if (!state) {
            continue;
        }
        if (proto == "udp") {
            c.state = "NONE";
            if (c.remote_port == 0) {
                c.remote_address.clear();
            }
        } else {
            c.state = linuxTcpStateName(*state);
        }
        if (inodes) {
            inodes->push_back(parseUnsigned(fields[9]).value_or(0));
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<std::uint64_t> socketInodeFromLink(std::string_view link) {
    constexpr std::string_view kPrefix = "socket:[";
    if (link.size() <= kPrefix.size() + 1 || link.substr(0, kPrefix.size()) != kPrefix ||
        link.back() != ']') {
        return std::nullopt;
    }
    return parseUnsigned(link.substr(kPrefix.size(), link.size() - kPrefix.size() - 1));
}

std::vector<InterfaceInfo> parseProcNetDev(std::string_view text) {
    std::vector<InterfaceInfo> out;
    for (std::string_view line : splitLines(text)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const auto fields = splitFields(line.substr(colon + 1));
        if (fields.size() < 16) {
            continue;
        }
        std::uint64_t v[16];
        bool ok = true;
        for (int i = 0; i < 16; i++) {
            const auto value = parseUnsigned(fields[i]);
            ok = ok && value;
            v[i] = value.value_or(0);
        }
        if (!ok) {
            continue;
        }
        InterfaceInfo nic;
        nic.name = std::string(trim(line.substr(0, colon)));
        nic.friendly_name = nic.name;
        nic.bytes_received = v[0];
        nic.packets_received = v[1];
        nic.receive_errors = v[2];
        nic.receive_discards = v[3];
        nic.bytes_sent = v[8];
        nic.packets_sent = v[9];
        nic.transmit_errors = v[10];
        nic.transmit_discards = v[11];
        out.push_back(std::move(nic));
    }
    return out;
}

std::string nicLabel(const std::string& description) {
    std::string out = description;
    for (char& c : out) {
        if (c == '(') {
            c = '[';
        } else if (c == ')') {
            c = ']';
        } else if (c == '#' || c == '/') {
            c = '_';
        }
    }
    return out;
}

void makeNicLabelsUnique(std::vector<InterfaceInfo>& interfaces) {
    std::vector<std::string*> labels;
    for (bool pdh : {true, false}) {
        for (auto& nic : interfaces) {
            if (nic.pdh_instance.value_or(true) == pdh) {
                labels.push_back(&nic.name);
            }
        }
    }
    uniqueNicLabels(labels);
}

std::string formatMac(const std::uint8_t* bytes, std::size_t length) {
    std::string out;
    char part[4];
    for (std::size_t i = 0; i < length; i++) {
        std::snprintf(part, sizeof part, "%02x", bytes[i]);
        if (i)
            out += ":";
        out += part;
    }
    return out;
}

bool isGlobalUnicastIpv4(const std::uint8_t b[4]) {
    const bool unspecified = b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0;
    const bool broadcast = b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255;
    const bool loopback = b[0] == 127;
    const bool multicast = (b[0] & 0xF0) == 224;
    const bool link_local = b[0] == 169 && b[1] == 254;
    return !(unspecified || broadcast || loopback || multicast || link_local);
}

bool isGlobalUnicastIpv6(const std::uint8_t b[16]) {
    static const std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(b, kMappedPrefix, sizeof kMappedPrefix) == 0) {
        return isGlobalUnicastIpv4(b + 12);
    }
    bool zero_prefix = true;  // the first 15 bytes
    for (int i = 0; i < 15; i++) {
        zero_prefix = zero_prefix && b[i] == 0;
    }
    const bool unspecified = zero_prefix && b[15] == 0;
    const bool loopback = zero_prefix && b[15] == 1;
    const bool multicast = b[0] == 0xFF;
    const bool link_local = b[0] == 0xFE && (b[1] & 0xC0) == 0x80;
    return !(unspecified || loopback || multicast || link_local);
}

const std::vector<std::pair<std::string, std::string>>& exporterOperStatuses() {
    static const std::vector<std::pair<std::string, std::string>> kStatuses = {
        {"up", "up"},
        {"down", "down"},
        {"testing", "testing"},
        {"unknown", "unknown"},
        {"dormant", "dormant"},
        {"notpresent", "not present"},
        {"lowerlayerdown", "lower layer down"},
    };
    return kStatuses;
}

std::uint32_t adapterInterfaceIndex(std::uint32_t if_index, std::uint32_t ipv6_if_index) {
    return if_index != 0 ? if_index : ipv6_if_index;
}

void deriveInterfaceRates(const NetworkSection& previous, NetworkSection& current, double seconds) {
    std::map<std::string, const InterfaceInfo*> before;
    for (const auto& nic : previous.interfaces) {
        before.emplace(nic.name, &nic);
    }
    for (auto& nic : current.interfaces) {
        const auto it = before.find(nic.name);
        if (it == before.end()) {
            continue;
        }
        const InterfaceInfo& was = *it->second;
        nic.bytes_received_per_second = perSecond(was.bytes_received, nic.bytes_received, seconds);
        nic.bytes_sent_per_second = perSecond(was.bytes_sent, nic.bytes_sent, seconds);
        nic.packets_received_per_second =
            perSecond(was.packets_received, nic.packets_received, seconds);
        nic.packets_sent_per_second = perSecond(was.packets_sent, nic.packets_sent, seconds);
    }
}

}  // namespace sysmetrics
