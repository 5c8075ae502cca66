// Linux's protocol counters as node_exporter's netstat collector exports them: every field of
// /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6 named "<Group>_<Field>" ("Tcp_InSegs",
// "TcpExt_ListenOverflows", "Udp6_InDatagrams"), of which its default filter keeps a set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sysmetrics {

struct NetstatField {
    std::string name;  // "<Group>_<Field>"
    double value;      // as node_exporter reads it: a float (Tcp MaxConn is -1)
};

// /proc/net/snmp and /proc/net/netstat: per group a header line ("TcpExt: SyncookiesSent ...")
// and a value line with the same tag. An error names a group whose header has no value line, or
// whose counts differ, or a value that is not a number; `where` is the file, for the error.
Result<std::vector<NetstatField>> parseNetstatGroups(std::string_view text,
                                                     const std::string& where);

// /proc/net/snmp6: a "<Group>6<Field> <value>" line per field ("Udp6InDatagrams 31"), named as
// node_exporter names it: the group up to the first '6', kept ("Udp6_InDatagrams",
// "UdpLite6_InDatagrams"). An error names a line without one value, or without a '6'.
Result<std::vector<NetstatField>> parseSnmp6Fields(std::string_view text);

// node_exporter's default --collector.netstat.fields, and Tcp_AttemptFails / Tcp_EstabResets,
// which sysmetrics exports besides.
bool isExportedNetstatField(const std::string& name);
// The fields of `fields` isExportedNetstatField keeps, appended to `out` in their order.
void appendExportedNetstatFields(const std::vector<NetstatField>& fields,
                                 std::vector<NetstatField>& out);

}  // namespace sysmetrics
