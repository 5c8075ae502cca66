#include "http/remote_write/remote_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "base/clock.h"
#include "collectors/system.h"
#include "collectors/time.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/legacy_metrics.h"
#include "http/prometheus/metrics_endpoint.h"

namespace sysmetrics {

namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr milliseconds kStopCheck{200};
constexpr milliseconds kPostGrace{2000};

Labels toLabels(const std::map<std::string, std::string>& labels) {
    return Labels(labels.begin(), labels.end());
}

// Whether `config` pushes the collector `name`'s families.
bool pushes(const RemoteWriteConfig& config, const std::string& name) {
    return config.collectors.empty() ||
           std::find(config.collectors.begin(), config.collectors.end(), name) !=
               config.collectors.end();
}

bool retryable(const PostOutcome& outcome) {
    return outcome.status == 0 || outcome.status == 429 || outcome.status >= 500;
}

}  // namespace

RemoteWriter::RemoteWriter(RemoteWriteConfig config, std::shared_ptr<SnapshotStore> store,
                           RenderContext context, Expositions expositions, ReadsByCollector reads,
                           RuntimeInfo runtime, std::shared_ptr<RemoteWriteStats> stats)
    : config_(std::move(config)),
      store_(std::move(store)),
      reads_(std::move(reads)),
      runtime_(std::move(runtime)),
      stats_(std::move(stats)),
      naming_(context.naming),
      legacy_time_(context.naming == MetricNaming::windows && context.legacy_names &&
                   pushes(config_, SystemSection::kName)),
      current_time_(pushes(config_, TimeSection::kName)),
      samples_(std::move(context), std::move(expositions), config_.collectors) {}

RemoteWriter::~RemoteWriter() {
    stop();
}

Status<> RemoteWriter::start() {
    const std::string directory =
        config_.queue_directory.empty() ? defaultQueueDirectory() : config_.queue_directory;
    auto queue = DiskQueue::open(directory, config_.queue_max_bytes);
    if (!queue.ok()) {
        return queue.error();
    }
    queue_.emplace(std::move(queue).value());
    auto url = parseRemoteWriteUrl(config_.url);
    stats_->configure(true, url.ok() ? url->origin() + url->path : config_.url, directory,
                      config_.queue_max_bytes);
    publishQueueStats();
    if (queue_->requests() > 0) {
        spdlog::info("remote write: {} request(s) with {} sample(s) queued from before",
                     queue_->requests(), queue_->samples());
    }
    client_ = std::make_unique<RemoteWriteClient>(config_, "sysmetrics/" + runtime_.version);
    stopping_ = false;
    capture_thread_ = std::thread([this] { captureLoop(); });
    send_thread_ = std::thread([this] { sendLoop(); });
    return {};
}

void RemoteWriter::stop() {
    if (!capture_thread_.joinable() && !send_thread_.joinable()) {
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    // A post in progress may finish (else the receiver may have stored what we would count as
    // still queued, and send it again next run); one that hangs is cut off.
    const auto deadline = Clock::now() + kPostGrace;
    while (posting_ && Clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(10));
    }
    if (client_) {
        client_->cancel();
    }
    if (capture_thread_.joinable()) {
        capture_thread_.join();
    }
    if (send_thread_.joinable()) {
        send_thread_.join();
    }
}

void RemoteWriter::publishQueueStats() {
    stats_->setQueue(queue_->requests(), queue_->samples(), queue_->bytes());
}

void RemoteWriter::noteReads(const Snapshot& snapshot) {
    // Every collection is pushed: a stream read, which keeps collectors at their interval.
    for (const auto& entry : snapshot.status) {
        auto reads = reads_.find(entry.first);
        if (reads == reads_.end() || !pushes(config_, entry.first)) {
            continue;
        }
        for (const auto& read : reads->second) {
            store_->demand().noteRead(read, ReadKind::stream);
        }
    }
}

void RemoteWriter::flush(WriteRequestEncoder& encoder, double now) {
    // Self-metrics ride along, stamped with the request's own (strictly increasing) time.
    const std::int64_t stamp = std::max(toMilliseconds(now), last_request_ms_ + 1);
    last_request_ms_ = stamp;
    {
        TimestampedSink sink(encoder, stamp);
        FamilyList families(&sink);
        appendRuntimeInfo(runtime_, families);
        appendRejectedConnections(families);
        appendRemoteWriteMetrics(stats_->view(), families);
        if (legacy_time_) {
            appendLegacyTimeMetric(now, families);
        }
        if (current_time_ && store_->current()->get<TimeSection>()) {
            appendCurrentTimeMetric(naming_, now, families);
        }
    }
    const std::uint64_t samples = encoder.samples();
    const std::string body = snappyCompress(encoder.take());
    stats_->queuedSamples(samples);
    std::lock_guard<std::mutex> lock(mutex_);
    auto dropped = queue_->push(body, samples);
    if (!dropped.ok()) {
        spdlog::warn("remote write: {}; {} samples lost", dropped.error().describe(), samples);
        stats_->dropped("unreadable", samples);
    } else if (dropped.value() > 0) {
        stats_->dropped("queue_full", dropped.value());
    }
    publishQueueStats();
    wake_.notify_all();
}

void RemoteWriter::captureLoop() {
    WriteRequestEncoder encoder(toLabels(config_.labels));
    encoder.onFull(config_.max_samples_per_request, [&] { flush(encoder, wallSeconds()); });
    std::uint64_t seen = 0;
    auto last_flush = Clock::now();
    while (!stopping_) {
        milliseconds wait = kStopCheck;
        if (config_.interval.count() > 0 && encoder.samples() > 0) {
            const auto due = last_flush + config_.interval;
            wait = std::clamp(std::chrono::duration_cast<milliseconds>(due - Clock::now()),
                              milliseconds(0), kStopCheck);
        }
        const SnapshotPtr snapshot = store_->waitForNewer(seen, wait);
        if (snapshot->version != seen) {
            seen = snapshot->version;
            samples_.takeNew(*snapshot, encoder);
            noteReads(*snapshot);
        }
        const bool due =
            config_.interval.count() == 0 || Clock::now() - last_flush >= config_.interval;
        if (encoder.samples() > 0 && due) {
            flush(encoder, wallSeconds());
            last_flush = Clock::now();
        }
    }
    samples_.takeNew(*store_->current(), encoder);
    if (encoder.samples() > 0) {
        flush(encoder, wallSeconds());
    }
}

void RemoteWriter::sendLoop() {
    milliseconds backoff{0};
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        auto entry = queue_->front();
        if (!entry) {
            wake_.wait(lock, [&] { return stopping_ || queue_->requests() > 0; });
            continue;
        }
        auto body = queue_->read(*entry);
        if (!body.ok()) {
            spdlog::warn("remote write: {}; {} samples dropped", body.error().describe(),
                         entry->samples);
            stats_->dropped("unreadable", entry->samples);
            queue_->remove(entry->sequence);
            publishQueueStats();
            continue;
        }
        queue_->setInFlight(entry->sequence);
        lock.unlock();
        const auto started = Clock::now();
        posting_ = true;
        const PostOutcome outcome = client_->post(body.value());
        posting_ = false;
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        const double at = wallSeconds();
        lock.lock();
        queue_->setInFlight(0);
        if (stopping_ && outcome.status == 0) {
            break;  // cancelled by stop(): the request stays queued for the next run
        }
        if (outcome.status / 100 == 2) {
            stats_->sent(entry->samples, seconds, outcome.status, at);
            queue_->remove(entry->sequence);
            backoff = milliseconds(0);
        } else if (retryable(outcome)) {
            backoff = backoff.count() == 0 ? config_.min_backoff
                                           : std::min(backoff * 2, config_.max_backoff);
            const milliseconds pause =
                std::min(std::max(backoff, outcome.retry_after), config_.max_backoff);
            stats_->failed(entry->samples, seconds, outcome.status, outcome.error, at,
                           pause.count() / 1000.0);
            spdlog::debug("remote write: {}; retrying in {} ms", outcome.error, pause.count());
            wake_.wait_for(lock, pause, [&] { return stopping_.load(); });
        } else {
            spdlog::warn("remote write: receiver refused {} samples ({})", entry->samples,
                         outcome.error);
            stats_->rejected(entry->samples, seconds, outcome.status, outcome.error, at);
            queue_->remove(entry->sequence);
            backoff = milliseconds(0);
        }
        publishQueueStats();
    }
}

}  // namespace sysmetrics
