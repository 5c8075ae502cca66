#include "http/prometheus/metrics_endpoint.h"

#include <algorithm>

#include "base/clock.h"
#include "base/handle_counts.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/exporter_self_metrics.h"
#include "http/prometheus/legacy_metrics.h"
#include "http/server/rejection_count.h"

namespace sysmetrics {

namespace {

// Whether a family /metrics writes at each scrape on behalf of a collector (the clock) belongs in
// this answer: the collector has a section and is selected, and the family passes its filter.
template <typename SectionType>
bool writtenAtScrape(const Snapshot& snapshot, const CollectSelection& selection,
                     const char* family) {
    if (!snapshot.get<SectionType>() || !selection.selects(SectionType::kName)) {
        return false;
    }
    const CollectorFilter* filter = selection.filterOf(SectionType::kName);
    return !filter || filter->admits(family);
}

}  // namespace

void appendCollectorStatus(const CollectorStatus& status, FamilyList& out) {
    const Labels labels = {{"collector", status.name}};
    out.gauge("sysmetrics_collector_success",
              "1 when the collector's last attempt succeeded, else 0.",
              status.state == CollectorState::ok ? 1 : 0, labels);
    out.gauge("sysmetrics_collector_duration_seconds", "Duration of the collector's last attempt.",
              status.duration_seconds, labels);
    out.gauge("sysmetrics_collector_last_success_timestamp_seconds",
              "Unix time of the collector's last success (0 = never).", status.last_success,
              labels);
    out.gauge("sysmetrics_collector_interval_seconds", "Configured collection interval.",
              status.interval_seconds, labels);
    out.gauge("sysmetrics_collector_idle",
              "1 while the collector idles because nobody reads its data (it then collects "
              "every idle interval until the next read).",
              status.idle ? 1 : 0, labels);
    out.gauge("sysmetrics_collector_unsupported",
              "1 when the collector has no data source on this machine.",
              status.state == CollectorState::unsupported ? 1 : 0, labels);
    out.counter("sysmetrics_collector_runs_total", "Collection attempts.",
                static_cast<double>(status.runs_total), labels);
    out.counter("sysmetrics_collector_failures_total", "Failed collection attempts.",
                static_cast<double>(status.failures_total), labels);
}

void appendRuntimeInfo(const RuntimeInfo& runtime, FamilyList& out) {
    out.info("sysmetrics_build_info", "Build of the running sysmetrics.",
             {{"version", runtime.version}, {"platform", runtime.platform}});
    out.gauge("sysmetrics_start_time_seconds", "Unix time the service started.",
              runtime.started_at);
}

void appendRejectedConnections(FamilyList& out) {
    out.counter("sysmetrics_http_connections_rejected_total",
                "Connections answered 503 because every worker was busy (web.max_connections).",
                static_cast<double>(RejectionCount::value()));
}

MetricsEndpoint::MetricsEndpoint(RenderContext context, RuntimeInfo runtime,
                                 Expositions expositions, LiveFamilies live)
    : context_(std::move(context)),
      runtime_(std::move(runtime)),
      expositions_(std::move(expositions)),
      live_(std::move(live)) {}

ConfigResult<CollectSelection> MetricsEndpoint::select(
    const Snapshot& snapshot, const std::vector<std::string>& collect) const {
    std::vector<std::string> ours;
    for (const auto& [name, exposition] : expositions_) {
        ours.push_back(name);
    }
    return resolveCollect(collect, ours, snapshot, context_.naming);
}

std::string MetricsEndpoint::renderSnapshot(const Snapshot& snapshot,
                                            const CollectSelection& selection,
                                            ExpositionFormat format) const {
    FamilyList families(format);
    RenderContext context = context_;
    context.snapshot = &snapshot;
    for (const auto& [name, section] : snapshot.sections) {
        auto exposition = expositions_.find(name);
        if (!section || !selection.selects(name) || exposition == expositions_.end()) {
            continue;
        }
        const CollectorFilter* filter = selection.filterOf(name);
        if (filter && !filter->whole) {
            families.setFilter(
                [filter](const std::string& family) { return filter->admits(family); });
        }
        exposition->second(*section, context, families);
        families.setFilter(nullptr);
    }
    for (const auto& [name, status] : snapshot.status) {
        if (selection.selects(name)) {
            appendCollectorStatus(status, families);
        }
    }
    appendRuntimeInfo(runtime_, families);
    return families.text();
}

std::string MetricsEndpoint::renderDynamic(const Snapshot& snapshot,
                                           const CollectSelection& selection, double steady_now,
                                           ExpositionFormat format) const {
    FamilyList families(format);
    for (const auto& [name, status] : snapshot.status) {
        if (selection.selects(name) && status.last_success_steady > 0) {
            families.gauge("sysmetrics_collector_age_seconds",
                           "Seconds since the collector's last success: how stale its data is.",
                           std::max(0.0, collectorAgeSeconds(status, steady_now)),
                           {{"collector", name}});
        }
    }
    if (context_.naming == MetricNaming::windows) {
        appendExporterCollectorStatus(snapshot, selection, steady_now, families);
    }
    const double wall_now = wallSeconds();
    if (context_.naming == MetricNaming::windows && context_.legacy_names &&
        writtenAtScrape<SystemSection>(snapshot, selection, kLegacyTimeFamily)) {
        appendLegacyTimeMetric(wall_now, families);
    }
    if (writtenAtScrape<TimeSection>(snapshot, selection, currentTimeFamily(context_.naming))) {
        appendCurrentTimeMetric(context_.naming, wall_now, families);
    }
    for (std::size_t k = 0; k < static_cast<std::size_t>(HandleKind::count); k++) {
        const auto kind = static_cast<HandleKind>(k);
        families.gauge("sysmetrics_open_handles",
                       "OS handles held open by sysmetrics, by kind (counted by its RAII types).",
                       static_cast<double>(HandleCounts::live(kind)),
                       {{"kind", handleKindName(kind)}});
    }
    appendRejectedConnections(families);
    if (live_) {
        live_(families);
    }
    return families.text();
}

HttpResponse MetricsEndpoint::serve(const Snapshot& snapshot,
                                    const std::vector<std::string>& collect, double steady_now,
                                    bool gzip, NegotiatedFormat format) {
    return serveSelection(snapshot, select(snapshot, collect), steady_now, gzip, format);
}

HttpResponse MetricsEndpoint::serveSelection(const Snapshot& snapshot,
                                             const ConfigResult<CollectSelection>& selection,
                                             double steady_now, bool gzip,
                                             NegotiatedFormat format) {
    if (!selection.ok()) {
        return jsonError(400, "bad_request", selection.error().message);
    }
    HttpResponse response;
    response.content_type = format.content_type;
    response.headers.emplace_back("Vary", "Accept, Accept-Encoding");
    std::string tail = renderDynamic(snapshot, selection.value(), steady_now, format.format);
    if (format.format == ExpositionFormat::openmetrics) {
        tail += "# EOF\n";
    }
    std::optional<std::string> compressed;
    if (selection.value().everything) {
        std::lock_guard<std::mutex> lock(cache_mutex_);
        CachedBody& cached = cached_[static_cast<std::size_t>(format.format)];
        if (!cached.valid || cached.version != snapshot.version) {
            cached.text = renderSnapshot(snapshot, {}, format.format);
            cached.deflated.reset();
            cached.version = snapshot.version;
            cached.valid = true;
        }
        if (gzip) {
            if (!cached.deflated) {
                cached.deflated = deflatePart(cached.text);
            }
            if (cached.deflated) {
                compressed = gzipJoin(*cached.deflated, tail);
            }
        }
        if (!compressed) {
            response.body.reserve(cached.text.size() + tail.size());
            response.body = cached.text;
        }
    } else {
        response.body = renderSnapshot(snapshot, selection.value(), format.format);
        if (gzip) {
            if (auto part = deflatePart(response.body)) {
                compressed = gzipJoin(*part, tail);
            }
        }
    }
    if (compressed) {
        response.body = std::move(*compressed);
        response.headers.emplace_back("Content-Encoding", "gzip");
    } else {
        response.body += tail;
    }
    return response;
}

}  // namespace sysmetrics
