#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "collectors/snapshot_store.h"
#include "http/access_control.h"
#include "http/http_types.h"
#include "http/metrics_endpoint.h"
#include "http/runtime_info.h"

namespace sysmetrics {

// What one listening address serves, and who may ask.
struct RouterAccess {
    std::shared_ptr<AccessControl> control;  // null: no credentials needed
    bool serve_metrics = true;
    bool serve_api = true;  // the REST API and the index page
};

// Maps requests to answers read from one snapshot. Never touches an OS API.
class Router {
public:
    Router(std::shared_ptr<SnapshotStore> store, RenderContext context, RuntimeInfo runtime,
           RouterAccess access = {});

    HttpResponse handle(const HttpRequest& request);

private:
    using Handler = std::function<HttpResponse(const HttpRequest&, const Snapshot&, double now)>;

    HttpResponse index() const;
    HttpResponse apiIndex() const;
    HttpResponse healthz(const Snapshot& snapshot, double now) const;
    HttpResponse collectors(const Snapshot& snapshot, double now) const;
    template <typename SectionType, typename ToJson>
    HttpResponse section(const Snapshot& snapshot, ToJson to_json) const;

    std::optional<HttpResponse> refusal(const std::string& path, const HttpRequest& request) const;

    std::shared_ptr<SnapshotStore> store_;
    RuntimeInfo runtime_;
    RouterAccess access_;
    bool metrics_read_processes_;  // /metrics exports per-process series (or connections')
    MetricsEndpoint metrics_;
    std::map<std::string, Handler> routes_;
};

}  // namespace sysmetrics
