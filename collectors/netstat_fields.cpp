#include "collectors/netstat_fields.h"

#include "base/safe_regex.h"
#include "base/text_parse.h"

namespace sysmetrics {

namespace {

Error invalid(const std::string& where, std::string what) {
    return Error{ErrorCode::invalid_data, 0, where, std::move(what)};
}

std::optional<double> numberOf(std::string_view text) {
    if (const auto value = parseUnsigned(text)) {
        return static_cast<double>(*value);
    }
    if (const auto value = parseSigned(text)) {
        return static_cast<double>(*value);
    }
    return std::nullopt;
}

}  // namespace

Result<std::vector<NetstatField>> parseNetstatGroups(std::string_view text,
                                                     const std::string& where) {
    // "TcpExt:" -> "TcpExt"
    const auto groupOf = [](std::string_view tag) {
        return std::string(tag.substr(0, tag.size() - (tag.back() == ':' ? 1 : 0)));
    };
    std::vector<NetstatField> fields;
    std::vector<std::string_view> header;
    for (std::string_view line : splitLines(text)) {
        auto words = splitFields(line);
        if (words.empty()) {
            continue;
        }
        if (header.empty()) {
            header = std::move(words);
            continue;
        }
        const std::string group = groupOf(header[0]);
        if (words[0] != header[0]) {
            return invalid(
                where, "the " + group + " header has no value line (a header without its values)");
        }
        if (words.size() != header.size()) {
            return invalid(where, group + " has " + std::to_string(header.size() - 1) +
                                      " names and " + std::to_string(words.size() - 1) + " values");
        }
        for (std::size_t i = 1; i < header.size(); i++) {
            const auto value = numberOf(words[i]);
            if (!value) {
                return invalid(where, group + " " + std::string(header[i]) + " is not a number: '" +
                                          std::string(words[i]) + "'");
            }
            fields.push_back({group + "_" + std::string(header[i]), *value});
        }
        header.clear();
    }
    if (!header.empty()) {
        return invalid(where, "the " + groupOf(header[0]) +
                                  " header has no value line (a header without its values)");
    }
    return fields;
}

Result<std::vector<NetstatField>> parseSnmp6Fields(std::string_view text) {
    std::vector<NetstatField> fields;
    for (std::string_view line : splitLines(text)) {
        const auto words = splitFields(line);
        if (words.empty()) {
            continue;
        }
        const std::string name(words[0]);
        if (words.size() != 2) {
            return invalid("/proc/net/snmp6",
                           name + " has " + std::to_string(words.size() - 1) + " values, not 1");
        }
        const auto six = name.find('6');
        if (six == std::string::npos) {
            return invalid("/proc/net/snmp6", name + " names no IPv6 group (no '6' in it)");
        }
        const auto value = numberOf(words[1]);
        if (!value) {
            return invalid("/proc/net/snmp6",
                           name + " is not a number: '" + std::string(words[1]) + "'");
        }
        fields.push_back({name.substr(0, six + 1) + "_" + name.substr(six + 1), *value});
    }
    return fields;
}

bool isExportedNetstatField(const std::string& name) {
    // node_exporter 1.8's default, whole-name; 1.5 (Debian 12's) lacks TCPOFOQueue|TCPRcvQDrop.
    static const SafeRegex kDefault =
        SafeRegex::compile(
            "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|"
            "OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts|TCPOFOQueue|"
            "TCPRcvQDrop)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|"
            "CurrEstab|AttemptFails|EstabResets)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|"
            "RcvbufErrors|SndbufErrors))$")
            .value();
    return kDefault.search(name);
}

void appendExportedNetstatFields(const std::vector<NetstatField>& fields,
                                 std::vector<NetstatField>& out) {
    for (const NetstatField& field : fields) {
        if (isExportedNetstatField(field.name)) {
            out.push_back(field);
        }
    }
}

}  // namespace sysmetrics
