#include "http/rest/process_routes.h"
#include "http/rest/collector_routes.h"

#include <algorithm>
#include <set>

#include "base/safe_regex.h"
#include "base/text_parse.h"
#include "collectors/network.h"
#include "collectors/process.h"
#include "http/rest/json_mapping.h"
#include "http/rest/list_query.h"
#include "http/rest/network_routes.h"
#include "http/rest/section_lookup.h"
#include "http/server/json_response.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

struct Query {
    std::optional<SafeRegex> name;
    std::optional<std::set<std::string>> owner;
    std::optional<std::set<std::uint64_t>> pid, ppid;
    ListView view;
};

std::optional<std::uint32_t> parsePid(const std::string& text) {
    const auto value = parseUnsigned(text);
    if (!value || *value > 0xFFFFFFFFull) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(*value);
}

// Sort keys are the field names. Numbers sort heaviest first unless order=asc, except these
// identities and times; names sort ascending.
const ListShape& processShape() {
    static const ListShape shape{processFieldNames(),
                                 "pid",
                                 {"pid", "ppid", "process_group_id", "create_time", "session_id",
                                  "uid", "base_priority", "nice"}};
    return shape;
}

// Parses and checks every parameter; the first problem becomes a 400 naming it.
std::optional<HttpResponse> parseQuery(const HttpRequest& request, Query& query) {
    if (auto bad = checkParameters(request, {"name", "owner", "pid", "ppid"})) {
        return bad;
    }
    if (auto bad = patternFilter(request, "name", query.name)) {
        return bad;
    }
    std::vector<std::string> owners;
    if (auto bad = listValues(request, "owner", owners)) {
        return bad;
    }
    if (!owners.empty()) {
        query.owner.emplace(owners.begin(), owners.end());
    }
    if (auto bad = numberFilter(request, "pid", 0xFFFFFFFFull, "a process id", query.pid)) {
        return bad;
    }
    if (auto bad = numberFilter(request, "ppid", 0xFFFFFFFFull, "a process id", query.ppid)) {
        return bad;
    }
    return parseView(request, processShape(), query.view);
}

// An owner matches as given ("DOMAIN\\user") or by its user name alone.
bool ownerMatches(const ProcessInfo& p, const std::set<std::string>& owners) {
    if (!p.details || !p.details->owner) {
        return false;
    }
    const std::string& owner = *p.details->owner;
    const auto slash = owner.rfind('\\');
    return owners.count(owner) != 0 ||
           (slash != std::string::npos && owners.count(owner.substr(slash + 1)) != 0);
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
    std::vector<json> rows;
    for (const auto& p : section->processes) {
        if ((query.pid && query.pid->count(p.pid) == 0) ||
            (query.ppid && query.ppid->count(p.ppid) == 0) ||
            (query.name && !query.name->search(p.name)) ||
            (query.owner && !ownerMatches(p, *query.owner))) {
            continue;
        }
        rows.push_back(toJson(p));
    }
    const std::size_t count = rows.size();
    return jsonResponse({{"collected_at", section->collected_at},
                         {"count", count},
                         {"processes", applyView(std::move(rows), query.view)}});
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
    // The process itself takes no parameters; its threads and children are lists.
    static const ListShape kThreadShape{keysOf(toJson(ThreadInfo{})), "", {"tid"}};
    const ListShape& shape = what == "threads" ? kThreadShape : processShape();
    ListView view;
    if (what.empty() && !request.params.empty()) {
        return jsonError(400, "bad_request", "this endpoint takes no parameters");
    }
    if (!what.empty()) {
        if (auto bad = checkParameters(request, {})) {
            return *bad;
        }
        if (auto bad = parseView(request, shape, view)) {
            return *bad;
        }
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
    std::vector<json> rows;
    if (what == "threads") {
        if (process->threads.empty() && process->thread_count > 0) {
            return jsonError(404, "threads_not_collected",
                             "thread details are not collected (collectors.processes.threads)");
        }
        for (const auto& thread : process->threads) {
            rows.push_back(toJson(thread));
        }
    } else {
        // A child started after its parent: an older process holding a reused parent pid is
        // not one.
        for (const auto& p : section->processes) {
            if (p.ppid == process->pid && p.pid != process->pid &&
                p.create_time >= process->create_time) {
                rows.push_back(toJson(p));
            }
        }
    }
    const std::size_t count = rows.size();
    return jsonResponse({{"collected_at", section->collected_at},
                         {"pid", process->pid},
                         {"count", count},
                         {what, applyView(std::move(rows), view)}});
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
