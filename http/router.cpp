#include "http/router.h"

#include "collectors/clock.h"
#include "http/json_mapping.h"
#include "http/json_response.h"
#include "http/device_routes.h"
#include "http/gzip.h"
#include "http/network_routes.h"
#include "http/process_routes.h"
#include "http/section_lookup.h"
#include "http/section_reads.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

std::string normalizePath(std::string path) {
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    return path;
}

}  // namespace

Router::Router(std::shared_ptr<SnapshotStore> store, RenderContext context, RuntimeInfo runtime,
               RouterAccess access)
    : store_(std::move(store)),
      runtime_(runtime),
      access_(std::move(access)),
      metrics_read_processes_(context.processes.per_process || context.process_connections),
      metrics_(std::move(context), runtime) {
    routes_["/"] = [this](const HttpRequest&, const Snapshot&, double) { return index(); };
    routes_["/metrics"] = [this](const HttpRequest& request, const Snapshot& snapshot, double now) {
        return metrics_.serve(snapshot, request.paramValues("collect[]"), now,
                              acceptsGzip(request.header("accept-encoding")));
    };
    routes_["/healthz"] = [this](const HttpRequest&, const Snapshot& snapshot, double now) {
        return healthz(snapshot, now);
    };
    routes_["/api/v1"] = [this](const HttpRequest&, const Snapshot&, double) { return apiIndex(); };
    routes_["/api/v1/collectors"] = [this](const HttpRequest&, const Snapshot& snapshot,
                                           double now) { return collectors(snapshot, now); };
    routes_["/api/v1/memory"] = [this](const HttpRequest&, const Snapshot& snapshot, double) {
        return section<MemorySection>(snapshot,
                                      [](const MemorySection& memory) { return toJson(memory); });
    };
    routes_["/api/v1/cpu"] = [this](const HttpRequest&, const Snapshot& snapshot, double) {
        return section<CpuSection>(snapshot, [](const CpuSection& cpu) { return toJson(cpu); });
    };
    routes_["/api/v1/battery"] = [](const HttpRequest&, const Snapshot& snapshot, double) {
        return batteryAnswer(snapshot);
    };
    routes_["/api/v1/disks"] = [](const HttpRequest&, const Snapshot& snapshot, double) {
        return diskList(snapshot);
    };
    routes_["/api/v1/services"] = [](const HttpRequest& request, const Snapshot& snapshot, double) {
        return serviceList(request, snapshot);
    };
    routes_["/api/v1/connections"] = [](const HttpRequest& request, const Snapshot& snapshot,
                                        double) { return connectionList(request, snapshot); };
    routes_["/api/v1/network/interfaces"] = [](const HttpRequest&, const Snapshot& snapshot,
                                               double) { return interfaceList(snapshot); };
    routes_["/api/v1/processes"] = [](const HttpRequest& request, const Snapshot& snapshot,
                                      double) { return processList(request, snapshot); };
    routes_["/api/v1/system"] = [this](const HttpRequest&, const Snapshot& snapshot, double) {
        return section<SystemSection>(
            snapshot, [this](const SystemSection& system) { return toJson(system, runtime_); });
    };
}

HttpResponse Router::handle(const HttpRequest& request) {
    const std::string path = normalizePath(request.path);
    constexpr std::string_view kProcessPrefix = "/api/v1/processes/";
    constexpr std::string_view kServicePrefix = "/api/v1/services/";
    auto route = routes_.find(path);
    const bool process_item = route == routes_.end() && path.rfind(kProcessPrefix, 0) == 0;
    const bool service_item = route == routes_.end() && path.rfind(kServicePrefix, 0) == 0 &&
                              path.find('/', kServicePrefix.size()) == std::string::npos;
    if (route == routes_.end() && !process_item && !service_item) {
        return jsonError(404, "not_found", "no endpoint at " + request.path + " (see /api/v1)");
    }
    if (auto refused = refusal(path, request)) {
        return *refused;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse response =
            jsonError(405, "method_not_allowed",
                      request.method + " is not allowed on " + path + "; use GET or HEAD");
        response.headers.emplace_back("Allow", "GET, HEAD");
        return response;
    }
    const SnapshotPtr snapshot = store_->current();
    // Answered from this snapshot; a collector that idled because nobody read it wakes up.
    for (const auto& name :
         sectionsRead(path, request.paramValues("collect[]"), *snapshot, metrics_read_processes_)) {
        store_->demand().noteRead(name);
    }
    if (process_item) {
        return processItem(path.substr(kProcessPrefix.size()), request, *snapshot);
    }
    if (service_item) {
        return serviceItem(path.substr(kServicePrefix.size()), *snapshot);
    }
    return route->second(request, *snapshot, wallSeconds());
}

std::optional<HttpResponse> Router::refusal(const std::string& path,
                                            const HttpRequest& request) const {
    const Area area = path == "/metrics"   ? Area::metrics
                      : path == "/healthz" ? Area::healthz
                                           : Area::api;
    if ((area == Area::metrics && !access_.serve_metrics) ||
        (area == Area::api && !access_.serve_api)) {
        return jsonError(404, "not_found", "no endpoint at " + request.path + " on this address");
    }
    if (access_.control && access_.control->required(area) &&
        !access_.control->admits(request.header("authorization"))) {
        return access_.control->challenge();
    }
    return std::nullopt;
}

template <typename SectionType, typename ToJson>
HttpResponse Router::section(const Snapshot& snapshot, ToJson to_json) const {
    HttpResponse unavailable;
    auto data = sectionFor<SectionType>(snapshot, unavailable);
    return data ? jsonResponse(to_json(*data)) : unavailable;
}

HttpResponse Router::healthz(const Snapshot& snapshot, double now) const {
    json problems = json::array();
    for (const auto& [name, status] : snapshot.status) {
        const std::string reason = unhealthyReason(status, now);
        if (!reason.empty()) {
            problems.push_back(reason);
        }
    }
    const bool healthy = problems.empty();
    return jsonResponse({{"status", healthy ? "ok" : "degraded"}, {"problems", problems}},
                        healthy ? 200 : 503);
}

HttpResponse Router::collectors(const Snapshot& snapshot, double now) const {
    json list = json::array();
    for (const auto& [name, status] : snapshot.status) {
        list.push_back(toJson(status, now));
    }
    return jsonResponse({{"collectors", list}});
}

HttpResponse Router::apiIndex() const {
    json endpoints = json::array();
    for (const auto& [path, handler] : routes_) {
        if (path.rfind("/api/v1/", 0) == 0) {
            endpoints.push_back(path);
        }
    }
    for (const char* pattern : {"/api/v1/processes/{pid}", "/api/v1/processes/{pid}/threads",
                                "/api/v1/processes/{pid}/children",
                                "/api/v1/processes/{pid}/connections", "/api/v1/services/{name}"}) {
        endpoints.push_back(pattern);
    }
    endpoints.push_back("/metrics");
    endpoints.push_back("/healthz");
    return jsonResponse({{"version", "v1"}, {"endpoints", endpoints}});
}

HttpResponse Router::index() const {
    HttpResponse response;
    response.content_type = "text/html; charset=utf-8";
    response.body =
        "<!doctype html><html><head><title>sysmetrics</title></head><body>"
        "<h1>sysmetrics " +
        runtime_.version +
        "</h1><ul>"
        "<li><a href=\"/metrics\">/metrics</a> Prometheus metrics</li>"
        "<li><a href=\"/api/v1\">/api/v1</a> REST API</li>"
        "<li><a href=\"/healthz\">/healthz</a> health</li>"
        "</ul></body></html>\n";
    return response;
}

}  // namespace sysmetrics
