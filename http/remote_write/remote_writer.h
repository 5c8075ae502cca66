#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "collectors/snapshot_store.h"
#include "config/remote_write_config.h"
#include "http/collector_http.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/remote_write/disk_queue.h"
#include "http/remote_write/remote_write_client.h"
#include "http/remote_write/remote_write_stats.h"
#include "http/remote_write/snapshot_samples.h"
#include "http/runtime_info.h"

namespace sysmetrics {

// Pushes every snapshot version to a remote write receiver. Two threads of its own, so neither
// collection nor scrapes ever wait on the network: the capture thread turns new versions into
// WriteRequests and appends them to the on-disk queue; the send thread posts the queue's oldest
// request, retries it with backoff on 5xx/429/network errors and drops it (counted) on other
// 4xx answers.
class RemoteWriter {
public:
    // `reads`: what pushing each collector's families reads (metricsReadsOf), noted as stream
    // reads so that collectors which idle while unread stay awake for a push-only fleet.
    RemoteWriter(RemoteWriteConfig config, std::shared_ptr<SnapshotStore> store,
                 RenderContext context, Expositions expositions, ReadsByCollector reads,
                 RuntimeInfo runtime, std::shared_ptr<RemoteWriteStats> stats);
    ~RemoteWriter();

    // Opens the queue (what an earlier run left is sent first) and starts both threads.
    Status<> start();
    // Queues what was captured but not yet queued, ends a send in progress, joins.
    void stop();

    // Before start(): continue after what an earlier writer (stopped) took from the store.
    void resumeAfter(const RemoteWriter& earlier) { samples_.resume(earlier.samples_.taken()); }

private:
    void captureLoop();
    void sendLoop();
    void flush(WriteRequestEncoder& encoder, double now);
    void publishQueueStats();
    void noteReads(const Snapshot& snapshot);

    RemoteWriteConfig config_;
    std::shared_ptr<SnapshotStore> store_;
    ReadsByCollector reads_;
    RuntimeInfo runtime_;
    std::shared_ptr<RemoteWriteStats> stats_;
    MetricNaming naming_;
    bool legacy_time_ = false;   // windows_os_time, which /metrics writes at each scrape
    bool current_time_ = false;  // the time collector's clock, likewise
    SnapshotSamples samples_;
    std::unique_ptr<RemoteWriteClient> client_;

    std::mutex mutex_;  // guards queue_ and wakes the send thread
    std::condition_variable wake_;
    std::optional<DiskQueue> queue_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> posting_{false};
    std::int64_t last_request_ms_ = 0;  // self-metrics stamps, strictly increasing
    std::thread capture_thread_;
    std::thread send_thread_;
};

}  // namespace sysmetrics
