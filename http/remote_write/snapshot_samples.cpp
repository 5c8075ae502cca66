#include "http/remote_write/snapshot_samples.h"

#include <algorithm>

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
    for (const auto& [name, status] : snapshot.status) {
        if (!wanted(name) || status.last_attempt <= 0) {
            continue;
        }
        auto sent = taken_.statuses.find(name);
        if (sent != taken_.statuses.end() && sent->second >= status.last_attempt) {
            continue;
        }
        taken_.statuses[name] = status.last_attempt;
        TimestampedSink sink(encoder, toMilliseconds(status.last_attempt));
        FamilyList families(&sink);
        appendCollectorStatus(status, families);
    }
    return encoder.samples() - before;
}

}  // namespace sysmetrics
