#include "http/rest/network_routes.h"
#include "http/rest/collector_routes.h"

#include <optional>
#include <set>

#include "base/safe_regex.h"
#include "base/text_parse.h"
#include "collectors/network.h"
#include "collectors/process.h"
#include "http/rest/list_query.h"
#include "http/rest/section_lookup.h"
#include "http/server/json_response.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

struct Filters {
    std::optional<std::set<std::string>> proto, family, state;
    std::optional<std::set<std::uint64_t>> pid, local_port, remote_port;
    std::optional<SafeRegex> process;
    ListView view;
};

// Every state a connection may be in: psutil's names from either platform's table, NONE for UDP.
const std::vector<std::string>& connectionStates() {
    static const std::vector<std::string> states = {
        "ESTABLISHED", "SYN_SENT",     "SYN_RECV",   "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT",   "CLOSE",        "CLOSE_WAIT", "LAST_ACK",  "LISTEN",
        "CLOSING",     "NEW_SYN_RECV", "DELETE_TCB", "UNKNOWN",   "NONE"};
    return states;
}

// A socket without a remote end (a UDP socket not connected; on Windows every UDP socket, whose
// table has none) has no remote port either: its 0 is shown as null and matches no filter.
std::optional<std::uint16_t> remotePort(const Connection& c) {
    return c.remote_address.empty() ? std::nullopt : std::optional<std::uint16_t>(c.remote_port);
}

json connectionJson(const Connection& c, const ProcessInfo* owner) {
    const auto remote_port = remotePort(c);
    return {{"proto", c.proto},
            {"family", c.family},
            {"local_address", c.local_address},
            {"local_port", c.local_port},
            {"remote_address", c.remote_address.empty() ? json(nullptr) : json(c.remote_address)},
            {"remote_port", remote_port ? json(*remote_port) : json(nullptr)},
            {"state", c.state},
            {"pid", c.pid ? json(*c.pid) : json(nullptr)},
            {"process", owner ? json(owner->name) : json(nullptr)}};
}

const ListShape& connectionShape() {
    static const ListShape shape{keysOf(connectionJson(Connection{}, nullptr)),
                                 "",
                                 {"family", "local_port", "remote_port", "pid"}};
    return shape;
}

std::optional<HttpResponse> parseFilters(const HttpRequest& request, Filters& f, bool allow_pid) {
    std::vector<std::string> known = {"proto",       "family",  "state", "local_port",
                                      "remote_port", "process", "pid"};
    if (!allow_pid) {
        known.pop_back();
    }
    std::optional<HttpResponse> bad;
    (bad = checkParameters(request, known)) ||
        (bad = choiceFilter(request, "proto", {"tcp", "udp"}, f.proto)) ||
        (bad = choiceFilter(request, "family", {"4", "6"}, f.family)) ||
        (bad = choiceFilter(request, "state", connectionStates(), f.state, true)) ||
        (bad = numberFilter(request, "pid", 0xFFFFFFFFull, "a process id", f.pid)) ||
        (bad =
             numberFilter(request, "local_port", 65535, "a port from 0 to 65535", f.local_port)) ||
        (bad = numberFilter(request, "remote_port", 65535, "a port from 0 to 65535",
                            f.remote_port)) ||
        (bad = patternFilter(request, "process", f.process)) ||
        (bad = parseView(request, connectionShape(), f.view));
    return bad;
}

json interfaceJson(const InterfaceInfo& nic) {
    return {{"name", nic.name},
            {"friendly_name", nic.friendly_name},
            {"description", nic.description},
            {"index", nic.index},
            {"mac", nic.mac},
            {"oper_status", nic.oper_status},
            {"type", nic.type},
            {"pdh_instance", orNull(nic.pdh_instance)},
            {"mtu", nic.mtu ? json(*nic.mtu) : json(nullptr)},
            {"speed_bits_per_second",
             nic.speed_bits_per_second ? json(*nic.speed_bits_per_second) : json(nullptr)},
            {"bytes_received", nic.bytes_received},
            {"bytes_sent", nic.bytes_sent},
            {"packets_received", nic.packets_received},
            {"packets_sent", nic.packets_sent},
            {"bytes_received_per_second", orNull(nic.bytes_received_per_second)},
            {"bytes_sent_per_second", orNull(nic.bytes_sent_per_second)},
            {"packets_received_per_second", orNull(nic.packets_received_per_second)},
            {"packets_sent_per_second", orNull(nic.packets_sent_per_second)},
            {"receive_errors", nic.receive_errors},
            {"transmit_errors", nic.transmit_errors},
            {"receive_discards", nic.receive_discards},
            {"transmit_discards", nic.transmit_discards},
            {"packets_received_unknown", orNull(nic.packets_received_unknown)},
            {"output_queue_length", orNull(nic.output_queue_length)},
            {"ipv4", nic.ipv4},
            {"ipv6", nic.ipv6}};
}

}  // namespace

HttpResponse connectionList(const HttpRequest& request, const Snapshot& snapshot,
                            std::optional<std::uint32_t> only_pid) {
    Filters f;
    if (auto bad = parseFilters(request, f, !only_pid)) {
        return *bad;
    }
    if (only_pid) {
        f.pid = std::set<std::uint64_t>{*only_pid};
    }
    HttpResponse unavailable;
    auto section = sectionFor<ConnectionSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    // Names come from the processes section of the same snapshot, when that collector runs.
    const auto processes = snapshot.get<ProcessSection>();
    std::vector<json> rows;
    for (const auto& c : section->connections) {
        const ProcessInfo* owner = processes && c.pid ? processes->find(*c.pid) : nullptr;
        const auto remote_port = remotePort(c);
        if ((f.proto && f.proto->count(c.proto) == 0) ||
            (f.family && f.family->count(std::to_string(c.family)) == 0) ||
            (f.state && f.state->count(c.state) == 0) ||
            (f.pid && !(c.pid && f.pid->count(*c.pid) != 0)) ||
            (f.local_port && f.local_port->count(c.local_port) == 0) ||
            (f.remote_port && !(remote_port && f.remote_port->count(*remote_port) != 0)) ||
            (f.process && !(owner && f.process->search(owner->name)))) {
            continue;
        }
        rows.push_back(connectionJson(c, owner));
    }
    const std::size_t count = rows.size();
    return jsonResponse({{"collected_at", section->collected_at},
                         {"count", count},
                         {"connections", applyView(std::move(rows), f.view)}});
}

HttpResponse interfaceList(const HttpRequest& request, const Snapshot& snapshot) {
    static const ListShape kShape{keysOf(interfaceJson(InterfaceInfo{})), "", {"index", "mtu"}};
    std::optional<std::set<std::string>> types;
    ListView view;
    std::optional<HttpResponse> bad;
    if ((bad = checkParameters(request, {"type"})) ||
        (bad = choiceFilter(request, "type", kInterfaceTypes, types)) ||
        (bad = parseView(request, kShape, view))) {
        return *bad;
    }
    HttpResponse unavailable;
    auto section = sectionFor<NetworkSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    std::vector<json> rows;
    for (const auto& nic : section->interfaces) {
        if (!types || types->count(nic.type) != 0) {
            rows.push_back(interfaceJson(nic));
        }
    }
    const std::size_t count = rows.size();
    return jsonResponse({{"collected_at", section->collected_at},
                         {"count", count},
                         {"interfaces", applyView(std::move(rows), view)}});
}

RestRoutes connectionRoutes() {
    // Rows carry their owning pid (found only while read) and its process's name, from the
    // processes section.
    return {alsoReading(
        RestRoute{"/api/v1/connections",
                  [](const RestRequest& r) { return connectionList(r.http, r.snapshot); }},
        [](const std::string&) {
            return std::vector<std::string>{ConnectionSection::kOwnersPart, ProcessSection::kName};
        })};
}

RestRoutes interfaceRoutes() {
    return {RestRoute{"/api/v1/network/interfaces",
                      [](const RestRequest& r) { return interfaceList(r.http, r.snapshot); }}};
}

}  // namespace sysmetrics
