#include "http/router.h"

#include <algorithm>

#include "base/clock.h"
#include "http/remote_write/remote_write_stats.h"
#include "http/rest/history_route.h"
#include "http/rest/json_mapping.h"
#include "http/rest/section_lookup.h"
#include "http/server/gzip.h"
#include "http/server/json_response.h"
#include "http/server/request_handler.h"
#include "http/web/web_assets.h"

namespace sysmetrics {

namespace {

using nlohmann::json;

Expositions expositionsOf(const CollectorHttpList& collectors) {
    Expositions expositions;
    for (const auto& collector : collectors) {
        if (collector.exposition) {
            expositions[collector.name] = collector.exposition;
        }
    }
    return expositions;
}

// Remote write's counters at /metrics, when this service pushes.
LiveFamilies remoteWriteFamilies(std::shared_ptr<const RemoteWriteStats> stats) {
    if (!stats) {
        return nullptr;
    }
    return [stats](FamilyList& families) {
        const auto view = stats->view();
        if (view.enabled) {
            appendRemoteWriteMetrics(view, families);
        }
    };
}

// What /metrics reads of each collector's data under these settings (the catalog says).
// One file of the page, as compiled in; its caching headers and gzip come in dispatch.
HttpResponse pageFile(const WebAsset& asset) {
    HttpResponse response;
    response.content_type = asset.content_type;
    response.body.assign(reinterpret_cast<const char*>(asset.data), asset.size);
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return response;
}

// Whose rules a path falls under: which address serves it and whether it needs credentials.
Area areaOf(const std::string& path) {
    return path == "/metrics" ? Area::metrics : path == "/healthz" ? Area::healthz : Area::api;
}

std::string normalizePath(std::string path) {
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    return path;
}

}  // namespace

Router::Router(std::shared_ptr<SnapshotStore> store, RenderContext context, RuntimeInfo runtime,
               const CollectorHttpList& collector_http, RouterAccess access)
    : store_(std::move(store)),
      runtime_(runtime),
      access_(std::move(access)),
      metrics_reads_(metricsReadsOf(collector_http, context.settings)),
      metrics_(std::move(context), runtime, expositionsOf(collector_http),
               remoteWriteFamilies(runtime.remote_write)) {
    // The page (http/web/page): "/" and its files under /ui/, in the API's area (same access).
    for (const WebAsset* asset = webAssetsBegin(); asset != webAssetsEnd(); ++asset) {
        page_paths_.insert(asset->path);
        routes_[asset->path] = [asset](const HttpRequest&, const Snapshot&, double) {
            return pageFile(*asset);
        };
    }
    routes_["/metrics"] = [this](const HttpRequest& request, const Snapshot& snapshot, double) {
        // windows_exporter's names (collect[]=process) select our collectors too.
        const auto selection = metrics_.select(snapshot, request.paramValues("collect[]"));
        if (selection.ok()) {
            noteMetricsReads(snapshot, selection.value());
        }
        return metrics_.serveSelection(snapshot, selection, steadySeconds(),
                                       acceptsGzip(request.header("accept-encoding")),
                                       negotiateExposition(request.header("accept")));
    };
    routes_["/healthz"] = [this](const HttpRequest&, const Snapshot& snapshot, double now) {
        return healthz(snapshot, now);
    };
    routes_["/api/v1"] = [this](const HttpRequest&, const Snapshot&, double) { return apiIndex(); };
    routes_["/api/v1/collectors"] = [this](const HttpRequest&, const Snapshot& snapshot,
                                           double now) { return collectors(snapshot, now); };
    routes_["/api/v1/remote_write"] = [this](const HttpRequest&, const Snapshot&, double) {
        return jsonResponse(runtime_.remote_write
                                ? remoteWriteStatusJson(runtime_.remote_write->view())
                                : json{{"enabled", false}});
    };
    routes_["/api/v1/history"] = [this](const HttpRequest& request, const Snapshot&, double now) {
        return historyAnswer(request, runtime_.history.get(), now, store_->demand());
    };
    routes_["/api/v1/all"] = [this](const HttpRequest& request, const Snapshot& snapshot, double) {
        return all(request, snapshot);
    };
    for (const auto& collector : collector_http) {
        for (RestRoute route : collector.routes) {
            route.handler = notingReads(std::move(route.handler), collector.name, route.also_reads);
            // An item's answer (a process by pid) comes from its collector's section too: the same
            // Last-Modified and max-age.
            collector_of_[route.path] = collector.name;
            if (route.item) {
                item_routes_.push_back(route);
                continue;
            }
            if (route.path.rfind("/api/v1/", 0) == 0) {
                sections_.emplace_back(collector.name, route.path);
            }
            routes_[route.path] = [this, handler = route.handler](const HttpRequest& request,
                                                                  const Snapshot& snapshot,
                                                                  double) {
                return handler({request, snapshot, runtime_, ""});
            };
        }
    }
}

HttpResponse Router::handle(const HttpRequest& request) {
    const std::string path = normalizePath(request.path);
    const double now = wallSeconds();
    Freshness fresh;
    HttpResponse response = dispatch(request, path, now, fresh);
    // Every JSON answer, the router's own errors too, and the page's files: for a 200 ETag,
    // revalidation (a reload of the page costs a 304 per file) and gzip; for an error Date and
    // no-store.
    if (response.content_type == kJsonContentType || page_paths_.count(path) != 0) {
        finishJsonAnswer(response, request, fresh, now);
    }
    addCorsHeaders(response, request, access_.cors);
    return response;
}

HttpResponse Router::dispatch(const HttpRequest& request, const std::string& path, double now,
                              Freshness& fresh) const {
    auto route = routes_.find(path);
    const RestRoute* item = nullptr;
    if (route == routes_.end()) {
        for (const auto& candidate : item_routes_) {
            if (path.size() > candidate.path.size() && path.rfind(candidate.path, 0) == 0) {
                item = &candidate;
                break;
            }
        }
        if (!item) {
            return jsonError(404, "not_found", "no endpoint at " + request.path + " (see /api/v1)");
        }
    }
    const Area area = areaOf(path);
    if (!serves(area)) {
        // Whatever the method: OPTIONS too, so that no answer says a path is served here.
        return jsonError(404, "not_found", "no endpoint at " + request.path + " on this address");
    }
    if (request.method == "OPTIONS") {
        return optionsAnswer(request, access_.cors);  // before credentials: see optionsAnswer
    }
    if (access_.control && access_.control->required(area) &&
        !access_.control->admits(request.header("authorization"))) {
        return access_.control->challenge();
    }
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse response = jsonError(405, "method_not_allowed",
                                          request.method + " is not allowed on " + path +
                                              "; allowed: " + std::string(kAllowedMethods));
        response.headers.emplace_back("Allow", kAllowedMethods);
        return response;
    }
    const SnapshotPtr snapshot = store_->current();
    HttpResponse response =
        item ? item->handler({request, *snapshot, runtime_, path.substr(item->path.size())})
             : route->second(request, *snapshot, now);
    auto owner = collector_of_.find(item ? item->path : path);
    if (owner != collector_of_.end()) {
        fresh = freshness(owner->second, *snapshot);
    }
    return response;
}

Freshness Router::freshness(const std::string& collector, const Snapshot& snapshot) const {
    auto status = snapshot.status.find(collector);
    if (status == snapshot.status.end() || status->second.last_success_steady <= 0) {
        return {};
    }
    const CollectorStatus& s = status->second;
    const double age = steadySeconds() - s.last_success_steady;
    return Freshness{s.last_success, std::max(0.0, s.interval_seconds - age)};
}

HttpResponse Router::all(const HttpRequest& request, const Snapshot& snapshot) const {
    // Each section as its own endpoint answers it by default (no query): the data, or the error
    // that endpoint would give, so one poll shows what is missing and why.
    HttpRequest plain;
    plain.path = request.path;
    plain.headers = request.headers;
    json sections = json::object();
    for (const auto& [name, path] : sections_) {
        const HttpResponse answer = routes_.at(path)(plain, snapshot, wallSeconds());
        json body = json::parse(answer.body, nullptr, false);
        sections[name] = body.is_discarded() ? json(nullptr) : std::move(body);
    }
    return jsonResponse({{"version", snapshot.version}, {"sections", sections}});
}

RestHandler Router::notingReads(
    RestHandler handler, const std::string& collector,
    const std::function<std::vector<std::string>(const std::string&)>& also_reads) {
    return [this, handler = std::move(handler), collector, also_reads](const RestRequest& request) {
        ReadDemand& demand = store_->demand();
        demand.noteRead(collector);
        if (also_reads) {
            for (const auto& name : also_reads(request.item)) {
                demand.noteRead(name);
            }
        }
        return handler(request);
    };
}

void Router::noteMetricsReads(const Snapshot& snapshot, const CollectSelection& selection) const {
    for (const auto& [name, status] : snapshot.status) {
        auto reads = metrics_reads_.find(name);
        if (!selection.selects(name) || reads == metrics_reads_.end()) {
            continue;
        }
        for (const auto& read : reads->second) {
            store_->demand().noteRead(read);
        }
    }
}

bool Router::serves(Area area) const {
    return (area != Area::metrics || access_.serve_metrics) &&
           (area != Area::api || access_.serve_api);
}

HttpResponse Router::healthz(const Snapshot& snapshot, double) const {
    json problems = json::array();
    for (const auto& [name, status] : snapshot.status) {
        const std::string reason = unhealthyReason(status, steadySeconds());
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
        list.push_back(toJson(status, now, steadySeconds()));
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
    for (const auto& item : item_routes_) {
        for (const auto& pattern : item.patterns) {
            endpoints.push_back(pattern);
        }
    }
    // Only what this address serves (web.api_listen puts /metrics on another).
    if (serves(Area::metrics)) {
        endpoints.push_back("/metrics");
    }
    endpoints.push_back("/healthz");
    return jsonResponse({{"version", "v1"}, {"endpoints", endpoints}});
}

}  // namespace sysmetrics
