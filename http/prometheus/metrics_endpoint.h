#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <optional>

#include "collectors/snapshot_store.h"
#include "http/prometheus/render_context.h"
#include "http/runtime_info.h"
#include "http/server/gzip.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// Each collector's exposition, by collector name (from the catalog).
using Expositions = std::map<std::string, Exposition>;

inline constexpr const char* kPrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";

// GET /metrics. The text for each snapshot version is rendered once and cached; only the few
// time-dependent self-metrics (ages, live handles) are rendered per request.
class MetricsEndpoint {
public:
    MetricsEndpoint(RenderContext context, RuntimeInfo runtime, Expositions expositions);

    // `collect` is windows_exporter's collect[] filter: empty means every collector. With
    // `gzip` the body is gzip-compressed (the snapshot's part once per version).
    HttpResponse serve(const Snapshot& snapshot, const std::vector<std::string>& collect,
                       double steady_now, bool gzip = false);

    // The cached part alone, for tests and benchmarks.
    std::string renderSnapshot(const Snapshot& snapshot,
                               const std::vector<std::string>& collect) const;
    std::string renderDynamic(const Snapshot& snapshot, const std::vector<std::string>& collect,
                              double steady_now) const;

private:
    RenderContext context_;
    RuntimeInfo runtime_;
    Expositions expositions_;
    std::mutex cache_mutex_;
    std::uint64_t cached_version_ = 0;
    bool cache_valid_ = false;
    std::string cached_text_;
    std::optional<DeflatedPart> cached_deflated_;  // made on the first gzip request
};

}  // namespace sysmetrics
