#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <optional>

#include "collectors/snapshot_store.h"
#include "http/prometheus/collect_selection.h"
#include "http/prometheus/exposition_format.h"
#include "http/prometheus/render_context.h"
#include "http/runtime_info.h"
#include "http/server/gzip.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// Each collector's exposition, by collector name (from the catalog).
using Expositions = std::map<std::string, Exposition>;
// Families that change between snapshot versions and come from outside the snapshot (remote
// write's counters); appended to every answer.
using LiveFamilies = std::function<void(FamilyList&)>;

// The self-metrics of one collector's status (success, duration, runs...).
void appendCollectorStatus(const CollectorStatus& status, FamilyList& out);
// sysmetrics_build_info and sysmetrics_start_time_seconds.
void appendRuntimeInfo(const RuntimeInfo& runtime, FamilyList& out);
// sysmetrics_http_connections_rejected_total, as the server counts now.
void appendRejectedConnections(FamilyList& out);

// GET /metrics. The text for each snapshot version is rendered once per format (text 0.0.4 or
// OpenMetrics, each when first asked for) and cached; only the few time-dependent self-metrics
// (ages, live handles) are rendered per request.
class MetricsEndpoint {
public:
    MetricsEndpoint(RenderContext context, RuntimeInfo runtime, Expositions expositions,
                    LiveFamilies live = nullptr);

    // `collect` is the collect[] filter (our collector names or windows_exporter's, see
    // resolveCollect): empty means every collector. With `gzip` the body is gzip-compressed (the
    // snapshot's part once per version). `format` is negotiateExposition's answer to Accept.
    HttpResponse serve(const Snapshot& snapshot, const std::vector<std::string>& collect,
                       double steady_now, bool gzip = false, NegotiatedFormat format = {});
    // The same with collect[] already resolved by select() (a 400 when it failed).
    HttpResponse serveSelection(const Snapshot& snapshot,
                                const ConfigResult<CollectSelection>& selection, double steady_now,
                                bool gzip = false, NegotiatedFormat format = {});

    // The cached part alone, for tests and benchmarks.
    std::string renderSnapshot(const Snapshot& snapshot, const CollectSelection& selection = {},
                               ExpositionFormat format = ExpositionFormat::text) const;
    std::string renderDynamic(const Snapshot& snapshot, const CollectSelection& selection,
                              double steady_now,
                              ExpositionFormat format = ExpositionFormat::text) const;
    // The collect[] names resolved against this snapshot; the error is the 400's message.
    ConfigResult<CollectSelection> select(const Snapshot& snapshot,
                                          const std::vector<std::string>& collect) const;

private:
    // One format's rendering of the whole snapshot, for the version it was made from.
    struct CachedBody {
        std::uint64_t version = 0;
        bool valid = false;
        std::string text;
        std::optional<DeflatedPart> deflated;  // made on the first gzip request
    };

    RenderContext context_;
    RuntimeInfo runtime_;
    Expositions expositions_;
    LiveFamilies live_;
    std::mutex cache_mutex_;
    CachedBody cached_[2];  // by ExpositionFormat
};

}  // namespace sysmetrics
