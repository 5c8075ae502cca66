#include "http/rest/network_routes.h"
#include "http/rest/collector_routes.h"

#include <set>

#include "base/text_parse.h"
#include "collectors/network.h"
#include "collectors/process.h"
#include "config/safe_regex.h"
#include "http/rest/section_lookup.h"
#include "http/server/json_response.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxLimit = 100000;

struct Filters {
    std::optional<std::string> proto, state;
    std::optional<int> family;
    std::optional<std::uint32_t> pid;
    std::optional<std::uint16_t> local_port, remote_port;
    std::optional<SafeRegex> process;
    std::size_t limit = kMaxLimit;
};

std::optional<HttpResponse> parseFilters(const HttpRequest& request, Filters& f, bool allow_pid) {
    static const std::set<std::string> kKnown = {"proto",      "family",      "state",   "pid",
                                                 "local_port", "remote_port", "process", "limit"};
    for (const auto& [key, value] : request.params) {
        if (kKnown.count(key) == 0 || (!allow_pid && key == "pid")) {
            return jsonError(400, "bad_request", "unknown parameter '" + key + "'");
        }
        if (request.params.count(key) > 1) {
            return jsonError(400, "bad_request", "parameter '" + key + "' given more than once");
        }
        // C++17 lambdas cannot capture structured bindings (clang refuses): name it first.
        const std::string& name = key;
        const auto bad = [&name](const std::string& what) {
            return jsonError(400, "bad_request", "parameter '" + name + "' must be " + what);
        };
        if (key == "proto") {
            if (value != "tcp" && value != "udp")
                return bad("tcp or udp");
            f.proto = value;
        } else if (key == "family") {
            if (value != "4" && value != "6")
                return bad("4 or 6");
            f.family = value == "4" ? 4 : 6;
        } else if (key == "state") {
            std::string upper = value;
            for (char& c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            f.state = upper;
        } else if (key == "pid") {
            auto pid = parseUnsigned(value);
            if (!pid || *pid > 0xFFFFFFFFull)
                return bad("a process id");
            f.pid = static_cast<std::uint32_t>(*pid);
        } else if (key == "local_port" || key == "remote_port") {
            auto port = parseUnsigned(value);
            if (!port || *port > 65535)
                return bad("a port from 0 to 65535");
            (key == "local_port" ? f.local_port : f.remote_port) =
                static_cast<std::uint16_t>(*port);
        } else if (key == "process") {
            auto compiled = SafeRegex::compile(value);
            if (!compiled.ok()) {
                return jsonError(400, "bad_request", "parameter 'process': " + compiled.error());
            }
            f.process = compiled.value();
        } else if (key == "limit") {
            auto limit = parseUnsigned(value);
            if (!limit || *limit == 0 || *limit > kMaxLimit)
                return bad("from 1 to 100000");
            f.limit = static_cast<std::size_t>(*limit);
        }
    }
    return std::nullopt;
}

}  // namespace

HttpResponse connectionList(const HttpRequest& request, const Snapshot& snapshot,
                            std::optional<std::uint32_t> only_pid) {
    Filters f;
    if (auto bad = parseFilters(request, f, !only_pid)) {
        return *bad;
    }
    if (only_pid) {
        f.pid = only_pid;
    }
    HttpResponse unavailable;
    auto section = sectionFor<ConnectionSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    // Names come from the processes section of the same snapshot, when that collector runs.
    const auto processes = snapshot.get<ProcessSection>();
    json rows = json::array();
    std::size_t count = 0;
    for (const auto& c : section->connections) {
        const ProcessInfo* owner = processes && c.pid ? processes->find(*c.pid) : nullptr;
        if ((f.proto && c.proto != *f.proto) || (f.family && c.family != *f.family) ||
            (f.state && c.state != *f.state) || (f.pid && c.pid != f.pid) ||
            (f.local_port && c.local_port != *f.local_port) ||
            (f.remote_port && c.remote_port != *f.remote_port) ||
            (f.process && !(owner && f.process->search(owner->name)))) {
            continue;
        }
        if (count++ >= f.limit) {
            continue;
        }
        rows.push_back(
            {{"proto", c.proto},
             {"family", c.family},
             {"local_address", c.local_address},
             {"local_port", c.local_port},
             {"remote_address", c.remote_address.empty() ? json(nullptr) : json(c.remote_address)},
             {"remote_port", c.remote_address.empty() ? json(nullptr) : json(c.remote_port)},
             {"state", c.state},
             {"pid", c.pid ? json(*c.pid) : json(nullptr)},
             {"process", owner ? json(owner->name) : json(nullptr)}});
    }
    return jsonResponse({{"collected_at", section->collected_at},
                         {"count", count},
                         {"connections", std::move(rows)}});
}

HttpResponse interfaceList(const Snapshot& snapshot) {
    HttpResponse unavailable;
    auto section = sectionFor<NetworkSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    json list = json::array();
    for (const auto& nic : section->interfaces) {
        list.push_back(
            {{"name", nic.name},
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
             {"ipv6", nic.ipv6}});
    }
    return jsonResponse({{"collected_at", section->collected_at}, {"interfaces", std::move(list)}});
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
                      [](const RestRequest& r) { return interfaceList(r.snapshot); }}};
}

}  // namespace sysmetrics
