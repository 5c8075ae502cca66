#include "http/remote_write/snapshot_samples.h"

#include <algorithm>

#include "base/clock.h"
#include "http/prometheus/exporter_self_metrics.h"

namespace sysmetrics {

SnapshotSamples::SnapshotSamples(RenderContext context, Expositions expositions,
                                 std::vector<std::string> collectors)
    : context_(std::move(context)),
      expositions_(std::move(expositions)),
      collectors_(std::move(collectors)) {}

bool SnapshotSamples::wanted(const std::string& collector) const {
    return collectors_.empty() ||
           std::find(collectors_.begin(), collectors_.end(), collector) != collectors_.end();
}

std::uint64_t SnapshotSamples::takeNew(const Snapshot& snapshot, WriteRequestEncoder& encoder) {
    const std::uint64_t before = encoder.samples();
    RenderContext context = context_;
    context.snapshot = &snapshot;
    for (const auto& [name, section] : snapshot.sections) {
        auto exposition = expositions_.find(name);
        if (!section || !wanted(name) || exposition == expositions_.end()) {
            continue;
        }
        auto sent = taken_.sections.find(name);
        if (sent != taken_.sections.end() && sent->second >= section->collected_at) {
            continue;
        }
        taken_.sections[name] = section->collected_at;
        TimestampedSink sink(encoder, toMilliseconds(section->collected_at));
        FamilyList families(&sink);
        exposition->second(*section, context, families);
    }
    double newest_attempt = 0;   // of every status pushed
    CollectSelection selection;  // the collectors pushed, for windows_exporter's health families
    selection.everything = collectors_.empty();
    for (const auto& [name, status] : snapshot.status) {
        if (!wanted(name) || status.last_attempt <= 0) {
            continue;
        }
        selection.collectors[name].whole = true;
        newest_attempt = std::max(newest_attempt, status.last_attempt);
        auto sent = taken_.statuses.find(name);
        if (sent != taken_.statuses.end() && sent->second >= status.last_attempt) {
            continue;
        }
        taken_.statuses[name] = status.last_attempt;
        TimestampedSink sink(encoder, toMilliseconds(status.last_attempt));
        FamilyList families(&sink);
        appendCollectorStatus(status, families);
    }
    // windows_exporter_collector_success and its kin, as /metrics renders them, stamped with the
    // newest attempt of all, and only when that is a later millisecond than the last push's: a
    // receiver refuses a whole request for one sample older than its series' last (the newest
    // attempt among those new now can be older than one pushed before), or for another value at
    // the same millisecond (two collectors' attempts can begin within one).
    const std::int64_t stamp = toMilliseconds(newest_attempt);
    if (context_.naming == MetricNaming::windows && newest_attempt > 0 &&
        stamp > taken_.health_ms) {
        taken_.health_ms = stamp;
        TimestampedSink sink(encoder, stamp);
        FamilyList families(&sink);
        appendExporterCollectorStatus(snapshot, selection, steadySeconds(), families);
    }
    return encoder.samples() - before;
}

}  // namespace sysmetrics
