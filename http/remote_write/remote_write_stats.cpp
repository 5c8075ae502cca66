#include "http/remote_write/remote_write_stats.h"

namespace sysmetrics {

void RemoteWriteStats::configure(bool enabled, const std::string& url,
                                 const std::string& queue_directory,
                                 std::uint64_t queue_max_bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    view_.enabled = enabled;
    view_.url = url;
    view_.queue_directory = queue_directory;
    view_.queue_max_bytes = queue_max_bytes;
}

void RemoteWriteStats::queuedSamples(std::uint64_t samples) {
    std::lock_guard<std::mutex> lock(mutex_);
    view_.samples_total += samples;
}

void RemoteWriteStats::setQueue(std::uint64_t requests, std::uint64_t samples,
                                std::uint64_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    view_.queued_requests = requests;
    view_.queued_samples = samples;
    view_.queued_bytes = bytes;
}

void RemoteWriteStats::recordAttempt(const char* result, double seconds, int status,
                                     const std::string& error, double at, double backoff_seconds) {
    view_.sends[result]++;
    view_.send_seconds_total += seconds;
    view_.last_send_duration = seconds;
    view_.last_send_at = at;
    view_.last_status = status;
    view_.last_error = error;
    view_.backoff_seconds = backoff_seconds;
}

void RemoteWriteStats::sent(std::uint64_t samples, double seconds, int status, double at) {
    std::lock_guard<std::mutex> lock(mutex_);
    view_.samples_sent += samples;
    recordAttempt("success", seconds, status, "", at, 0);
    view_.last_success_at = at;
}

void RemoteWriteStats::failed(std::uint64_t samples, double seconds, int status,
                              const std::string& error, double at, double backoff_seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    view_.samples_failed += samples;
    recordAttempt("retry", seconds, status, error, at, backoff_seconds);
}

void RemoteWriteStats::dropped(const std::string& reason, std::uint64_t samples) {
    std::lock_guard<std::mutex> lock(mutex_);
    view_.samples_dropped[reason] += samples;
}

void RemoteWriteStats::rejected(std::uint64_t samples, double seconds, int status,
                                const std::string& error, double at) {
    std::lock_guard<std::mutex> lock(mutex_);
    view_.samples_dropped["rejected"] += samples;
    recordAttempt("rejected", seconds, status, error, at, 0);
}

RemoteWriteStats::View RemoteWriteStats::view() const {
    std::lock_guard<std::mutex> lock(mutex_);
    View copy = view_;
    for (const char* reason : kDropReasons) {
        copy.samples_dropped.emplace(reason, 0);
    }
    for (const char* result : {"success", "retry", "rejected"}) {
        copy.sends.emplace(result, 0);
    }
    return copy;
}

void appendRemoteWriteMetrics(const RemoteWriteStats::View& view, FamilyList& out) {
    const auto count = [](std::uint64_t n) { return static_cast<double>(n); };
    out.counter("sysmetrics_remote_write_samples_total", "Samples put in the remote write queue.",
                count(view.samples_total));
    out.counter("sysmetrics_remote_write_samples_sent_total",
                "Samples the receiver accepted (2xx).", count(view.samples_sent));
    out.counter("sysmetrics_remote_write_samples_failed_total",
                "Samples in sends that failed with 5xx, 429 or a network error; retried.",
                count(view.samples_failed));
    for (const auto& [reason, samples] : view.samples_dropped) {
        out.counter("sysmetrics_remote_write_samples_dropped_total",
                    "Samples given up, by reason: queue_full, rejected (4xx), unreadable.",
                    count(samples), {{"reason", reason}});
    }
    out.gauge("sysmetrics_remote_write_samples_queued", "Samples waiting in the on-disk queue.",
              count(view.queued_samples));
    out.gauge("sysmetrics_remote_write_requests_queued",
              "WriteRequests waiting in the on-disk queue.", count(view.queued_requests));
    out.gauge("sysmetrics_remote_write_queue_bytes", "Bytes of the on-disk queue.",
              count(view.queued_bytes));
    out.gauge("sysmetrics_remote_write_queue_max_bytes", "Configured bound of the on-disk queue.",
              count(view.queue_max_bytes));
    for (const auto& [result, sends] : view.sends) {
        out.counter("sysmetrics_remote_write_sends_total",
                    "Send attempts by result: success, retry, rejected.", count(sends),
                    {{"result", result}});
    }
    out.counter("sysmetrics_remote_write_send_duration_seconds_total",
                "Time spent in send attempts; divide by sends_total for the mean latency.",
                view.send_seconds_total);
    out.gauge("sysmetrics_remote_write_last_send_duration_seconds",
              "Duration of the last send attempt.", view.last_send_duration);
    out.gauge("sysmetrics_remote_write_last_success_timestamp_seconds",
              "Unix time of the last accepted send (0 = never).", view.last_success_at);
}

nlohmann::json remoteWriteStatusJson(const RemoteWriteStats::View& view) {
    // Off: the counters of an earlier run (before a reload turned it off) still show.
    return {{"enabled", view.enabled},
            {"url", view.url},
            {"samples",
             {{"total", view.samples_total},
              {"sent", view.samples_sent},
              {"failed", view.samples_failed},
              {"dropped", view.samples_dropped}}},
            {"queue",
             {{"directory", view.queue_directory},
              {"requests", view.queued_requests},
              {"samples", view.queued_samples},
              {"bytes", view.queued_bytes},
              {"max_bytes", view.queue_max_bytes}}},
            {"sends", view.sends},
            {"send_seconds_total", view.send_seconds_total},
            {"last_send",
             {{"at", view.last_send_at},
              {"duration_seconds", view.last_send_duration},
              {"status", view.last_status},
              {"error", view.last_error}}},
            {"last_success_at", view.last_success_at},
            {"backoff_seconds", view.backoff_seconds}};
}

}  // namespace sysmetrics
