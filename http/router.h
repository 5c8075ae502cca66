#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "collectors/snapshot_store.h"
#include "http/collector_http.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/runtime_info.h"
#include "http/server/access_control.h"
#include "http/server/browser_headers.h"
#include "http/server/http_types.h"
#include "http/server/request_handler.h"

namespace sysmetrics {

// What one listening address serves, and who may ask.
struct RouterAccess {
    std::shared_ptr<AccessControl> control;  // null: no credentials needed
    bool serve_metrics = true;
    bool serve_api = true;  // the REST API and the index page
    CorsPolicy cors;        // which other origins' pages may read the answers
};

// Maps requests to answers read from one snapshot. Never touches an OS API.
class Router : public RequestHandler {
public:
    Router(std::shared_ptr<SnapshotStore> store, RenderContext context, RuntimeInfo runtime,
           const CollectorHttpList& collector_http, RouterAccess access = {});

    HttpResponse handle(const HttpRequest& request) override;

private:
    using Handler = std::function<HttpResponse(const HttpRequest&, const Snapshot&, double now)>;

    HttpResponse apiIndex() const;
    HttpResponse healthz(const Snapshot& snapshot, double now) const;
    HttpResponse collectors(const Snapshot& snapshot, double now) const;
    HttpResponse all(const HttpRequest& request, const Snapshot& snapshot) const;
    // The answer before its caching headers; `fresh` says how long a section's stays current.
    HttpResponse dispatch(const HttpRequest& request, const std::string& path, double now,
                          Freshness& fresh) const;
    Freshness freshness(const std::string& collector, const Snapshot& snapshot) const;

    // Reads wake collectors that idle while nobody reads their data (ReadDemand).
    RestHandler notingReads(
        RestHandler handler, const std::string& collector,
        const std::function<std::vector<std::string>(const std::string&)>& also_reads);
    void noteMetricsReads(const Snapshot& snapshot, const CollectSelection& selection) const;

    // Whether this listening address serves the area (web.api_listen splits them).
    bool serves(Area area) const;

    std::shared_ptr<SnapshotStore> store_;
    RuntimeInfo runtime_;
    RouterAccess access_;
    ReadsByCollector metrics_reads_;
    MetricsEndpoint metrics_;
    std::map<std::string, Handler> routes_;
    std::set<std::string> page_paths_;    // the page's files (http/web)
    std::vector<RestRoute> item_routes_;  // matched by prefix
    // The collector whose data a path answers with, for its freshness headers.
    std::map<std::string, std::string> collector_of_;
    // What /api/v1/all gathers: each collector's name and its whole-section path.
    std::vector<std::pair<std::string, std::string>> sections_;
};

}  // namespace sysmetrics
