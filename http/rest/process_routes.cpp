#include "http/rest/process_routes.h"
#include "http/rest/collector_routes.h"

#include <algorithm>
#include <functional>
#include <set>

#include "base/text_parse.h"
#include "collectors/network.h"
#include "collectors/process.h"
#include "config/safe_regex.h"
#include "http/rest/json_mapping.h"
#include "http/rest/network_routes.h"
#include "http/rest/section_lookup.h"
#include "http/server/json_response.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxLimit = 100000;

struct Query {
    std::optional<SafeRegex> name;
    std::optional<std::string> user;
    std::optional<std::uint32_t> pid;
    std::optional<std::uint32_t> ppid;
    std::string sort = "pid";
    bool descending = false;
    std::size_t limit = kMaxLimit;
    std::optional<std::set<std::string>> fields;
};

std::optional<std::string> single(const HttpRequest& request, const std::string& name,
                                  std::string& error) {
    const auto values = request.paramValues(name);
    if (values.size() > 1) {
        error = "parameter '" + name + "' given more than once";
    }
    return values.empty() ? std::nullopt : std::optional<std::string>(values.front());
}

std::optional<std::uint32_t> parsePid(const std::string& text) {
    const auto value = parseUnsigned(text);
    if (!value || *value > 0xFFFFFFFFull) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(*value);
}

// Numeric sorts put the heaviest first unless order=asc; name and pid sort ascending.
const std::map<std::string, std::function<bool(const ProcessInfo&, const ProcessInfo&)>>&
sorters() {
    static const std::map<std::string, std::function<bool(const ProcessInfo&, const ProcessInfo&)>>
        s = {
            {"pid", [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; }},
            {"ppid", [](const ProcessInfo& a, const ProcessInfo& b) { return a.ppid < b.ppid; }},
            {"name", [](const ProcessInfo& a, const ProcessInfo& b) { return a.name < b.name; }},
            {"cpu",
             [](const ProcessInfo& a, const ProcessInfo& b) {
                 return a.cpu_percent.value_or(-1) < b.cpu_percent.value_or(-1);
             }},
            {"memory",
             [](const ProcessInfo& a, const ProcessInfo& b) {
                 return a.working_set_bytes < b.working_set_bytes;
             }},
            {"cpu_time",
             [](const ProcessInfo& a, const ProcessInfo& b) {
                 return a.user_seconds + a.kernel_seconds < b.user_seconds + b.kernel_seconds;
             }},
            {"threads", [](const ProcessInfo& a,
                           const ProcessInfo& b) { return a.thread_count < b.thread_count; }},
            {"handles",
             [](const ProcessInfo& a, const ProcessInfo& b) {
                 return a.handles.value_or(0) < b.handles.value_or(0);
             }},
            {"start_time", [](const ProcessInfo& a,
                              const ProcessInfo& b) { return a.create_time < b.create_time; }},
            {"io",
             [](const ProcessInfo& a, const ProcessInfo& b) {
                 return a.io_read_bytes.value_or(0) + a.io_write_bytes.value_or(0) <
                        b.io_read_bytes.value_or(0) + b.io_write_bytes.value_or(0);
             }},
            {"io_rate",
             [](const ProcessInfo& a, const ProcessInfo& b) {
                 const auto rate = [](const ProcessInfo& p) {
                     return p.io_read_bytes_per_second.value_or(-1) +
                            p.io_write_bytes_per_second.value_or(-1);
                 };
                 return rate(a) < rate(b);
             }},
        };
    return s;
}

std::string sortNames() {
    std::string names;
    for (const auto& [name, sorter] : sorters()) {
        names += names.empty() ? name : ", " + name;
    }
    return names;
}

// Parses and checks every parameter; the first problem becomes a 400 naming it.
std::optional<HttpResponse> parseQuery(const HttpRequest& request, Query& query) {
    static const std::set<std::string> kKnown = {"name", "user",  "pid",   "ppid",
                                                 "sort", "order", "limit", "fields"};
    for (const auto& [key, value] : request.params) {
        if (kKnown.count(key) == 0) {
            return jsonError(400, "bad_request",
                             "unknown parameter '" + key +
                                 "' (known: name, user, pid, ppid, sort, order, limit, fields)");
        }
    }
    std::string error;
    const auto name = single(request, "name", error);
    const auto user = single(request, "user", error);
    const auto pid = single(request, "pid", error);
    const auto ppid = single(request, "ppid", error);
    const auto sort = single(request, "sort", error);
    const auto order = single(request, "order", error);
    const auto limit = single(request, "limit", error);
    const auto fields = single(request, "fields", error);
    if (!error.empty()) {
        return jsonError(400, "bad_request", error);
    }
    if (name) {
        auto compiled = SafeRegex::compile(*name);
        if (!compiled.ok()) {
            return jsonError(400, "bad_request", "parameter 'name': " + compiled.error());
        }
        query.name = compiled.value();
    }
    query.user = user;
    if (pid && !(query.pid = parsePid(*pid))) {
        return jsonError(400, "bad_request",
                         "parameter 'pid' must be a process id, got '" + *pid + "'");
    }
    if (ppid && !(query.ppid = parsePid(*ppid))) {
        return jsonError(400, "bad_request",
                         "parameter 'ppid' must be a process id, got '" + *ppid + "'");
    }
    if (sort) {
        if (sorters().count(*sort) == 0) {
            return jsonError(400, "bad_request", "parameter 'sort' must be one of " + sortNames());
        }
        query.sort = *sort;
        query.descending =
            *sort != "pid" && *sort != "ppid" && *sort != "name" && *sort != "start_time";
    }
    if (order) {
        if (*order != "asc" && *order != "desc") {
            return jsonError(400, "bad_request", "parameter 'order' must be asc or desc");
        }
        query.descending = *order == "desc";
    }
    if (limit) {
        const auto value = parseUnsigned(*limit);
        if (!value || *value == 0 || *value > kMaxLimit) {
            return jsonError(
                400, "bad_request",
                "parameter 'limit' must be a whole number from 1 to " + std::to_string(kMaxLimit));
        }
        query.limit = static_cast<std::size_t>(*value);
    }
    if (fields) {
        std::set<std::string> wanted;
        const std::set<std::string> known = processFieldNames();
        std::string list = *fields;
        std::replace(list.begin(), list.end(), ',', ' ');
        for (std::string_view field : splitFields(list)) {
            if (known.count(std::string(field)) == 0) {
                return jsonError(400, "bad_request",
                                 "parameter 'fields': unknown field '" + std::string(field) + "'");
            }
            wanted.emplace(field);
        }
        if (wanted.empty()) {
            return jsonError(400, "bad_request", "parameter 'fields' names no field");
        }
        query.fields = std::move(wanted);
    }
    return std::nullopt;
}

bool ownerMatches(const ProcessInfo& p, const std::string& user) {
    if (!p.details || !p.details->owner) {
        return false;
    }
    const std::string& owner = *p.details->owner;
    if (owner == user) {
        return true;
    }
    const auto slash = owner.rfind('\\');
    return slash != std::string::npos && owner.compare(slash + 1, std::string::npos, user) == 0;
}

json pick(json object, const std::optional<std::set<std::string>>& fields) {
    if (!fields) {
        return object;
    }
    json out = json::object();
    for (const auto& field : *fields) {
        out[field] = object[field];
    }
    return out;
}

}  // namespace

HttpResponse processList(const HttpRequest& request, const Snapshot& snapshot) {
    Query query;
    if (auto bad = parseQuery(request, query)) {
        return *bad;
    }
    HttpResponse unavailable;
    const auto section = sectionFor<ProcessSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    std::vector<const ProcessInfo*> rows;
    for (const auto& p : section->processes) {
        if ((query.pid && p.pid != *query.pid) || (query.ppid && p.ppid != *query.ppid) ||
            (query.name && !query.name->search(p.name)) ||
            (query.user && !ownerMatches(p, *query.user))) {
            continue;
        }
        rows.push_back(&p);
    }
    const auto& less = sorters().at(query.sort);
    std::stable_sort(rows.begin(), rows.end(), [&](const ProcessInfo* a, const ProcessInfo* b) {
        return query.descending ? less(*b, *a) : less(*a, *b);
    });
    json list = json::array();
    for (std::size_t i = 0; i < rows.size() && i < query.limit; i++) {
        list.push_back(pick(toJson(*rows[i]), query.fields));
    }
    return jsonResponse({{"collected_at", section->collected_at},
                         {"count", rows.size()},
                         {"processes", std::move(list)}});
}

HttpResponse processItem(const std::string& rest, const HttpRequest& request,
                         const Snapshot& snapshot) {
    const auto slash = rest.find('/');
    const std::string pid_text = rest.substr(0, slash);
    const std::string what = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (what != "" && what != "threads" && what != "children" && what != "connections") {
        return jsonError(404, "not_found", "no endpoint at " + request.path);
    }
    const auto pid = parsePid(pid_text);
    if (!pid) {
        return jsonError(400, "bad_request", "'" + pid_text + "' is not a process id");
    }
    if (what == "connections") {
        return connectionList(request, snapshot, *pid);
    }
    if (!request.params.empty()) {
        return jsonError(400, "bad_request", "this endpoint takes no parameters");
    }
    HttpResponse unavailable;
    const auto section = sectionFor<ProcessSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    const ProcessInfo* process = section->find(*pid);
    if (!process) {
        return jsonError(404, "no_such_process",
                         "no process with pid " + pid_text + " in the last collection");
    }
    if (what.empty()) {
        json body = toJson(*process);
        body["collected_at"] = section->collected_at;
        return jsonResponse(body);
    }
    if (what == "threads") {
        if (process->threads.empty() && process->thread_count > 0) {
            return jsonError(404, "threads_not_collected",
                             "thread details are not collected (collectors.processes.threads)");
        }
        json threads = json::array();
        for (const auto& thread : process->threads) {
            threads.push_back(toJson(thread));
        }
        return jsonResponse({{"collected_at", section->collected_at},
                             {"pid", process->pid},
                             {"threads", std::move(threads)}});
    }
    // A child started after its parent: an older process holding a reused parent pid is not one.
    json children = json::array();
    for (const auto& p : section->processes) {
        if (p.ppid == process->pid && p.pid != process->pid &&
            p.create_time >= process->create_time) {
            children.push_back(toJson(p));
        }
    }
    return jsonResponse({{"collected_at", section->collected_at},
                         {"pid", process->pid},
                         {"children", std::move(children)}});
}

RestRoutes processRoutes() {
    return {
        RestRoute{"/api/v1/processes",
                  [](const RestRequest& r) { return processList(r.http, r.snapshot); }},
        alsoReading(
            RestRoute{"/api/v1/processes/",
                      [](const RestRequest& r) { return processItem(r.item, r.http, r.snapshot); },
                      true,
                      {"/api/v1/processes/{pid}", "/api/v1/processes/{pid}/threads",
                       "/api/v1/processes/{pid}/children", "/api/v1/processes/{pid}/connections"}},
            [](const std::string& item) {
                const std::string suffix = "/connections";
                const bool connections =
                    item.size() > suffix.size() &&
                    item.compare(item.size() - suffix.size(), suffix.size(), suffix) == 0;
                return connections ? std::vector<std::string>{ConnectionSection::kName,
                                                              ConnectionSection::kOwnersPart}
                                   : std::vector<std::string>{};
            })};
}

}  // namespace sysmetrics
