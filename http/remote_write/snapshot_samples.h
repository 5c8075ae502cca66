#pragma once

#include <map>
#include <string>
#include <vector>

#include "collectors/snapshot_store.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/remote_write/write_request.h"

namespace sysmetrics {

// Turns snapshot versions into remote write samples: the families /metrics renders, each
// section's stamped with its collection time, each collector status with its last attempt, and
// windows_exporter's collector health families with the newest attempt among them.
// Remembers what it has already taken, so every collection is sent once.
class SnapshotSamples {
public:
    // What was taken: collector -> collected_at of its section and last_attempt of its status.
    struct Taken {
        std::map<std::string, double> sections;
        std::map<std::string, double> statuses;
        std::int64_t health_ms = 0;  // the stamp of the last windows_exporter health families
    };

    // `collectors` empty = every collector in the snapshot.
    SnapshotSamples(RenderContext context, Expositions expositions,
                    std::vector<std::string> collectors);

    // Adds what is new in `snapshot` since the last call; returns the samples added.
    std::uint64_t takeNew(const Snapshot& snapshot, WriteRequestEncoder& encoder);

    // Carried across a reload, so a new writer does not send the current collections again.
    const Taken& taken() const { return taken_; }
    void resume(Taken taken) { taken_ = std::move(taken); }

private:
    bool wanted(const std::string& collector) const;

    RenderContext context_;
    Expositions expositions_;
    std::vector<std::string> collectors_;
    Taken taken_;
};

}  // namespace sysmetrics
