#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "http/prometheus/family_list.h"

namespace sysmetrics {

// Why samples were given up: the queue overflowed, the receiver refused them (4xx), or a
// queued file could not be read back.
inline constexpr const char* kDropReasons[] = {"queue_full", "rejected", "unreadable"};

// What remote write has done, shared by its threads, /metrics and /api/v1/remote_write.
class RemoteWriteStats {
public:
    struct View {
        bool enabled = false;
        std::string url;
        std::string queue_directory;
        std::uint64_t queue_max_bytes = 0;
        std::uint64_t samples_total = 0;  // put in the queue
        std::uint64_t samples_sent = 0;
        std::uint64_t samples_failed = 0;  // in attempts that failed and will be retried
        std::map<std::string, std::uint64_t> samples_dropped;  // by reason
        std::uint64_t queued_requests = 0;
        std::uint64_t queued_samples = 0;
        std::uint64_t queued_bytes = 0;
        std::map<std::string, std::uint64_t> sends;  // by result: success, retry, rejected
        double send_seconds_total = 0;
        double last_send_duration = 0;
        double last_send_at = 0;
        int last_status = 0;  // HTTP status of the last attempt, 0 = no answer
        std::string last_error;
        double last_success_at = 0;
        double backoff_seconds = 0;
    };

    void configure(bool enabled, const std::string& url, const std::string& queue_directory,
                   std::uint64_t queue_max_bytes);
    void queuedSamples(std::uint64_t samples);
    void setQueue(std::uint64_t requests, std::uint64_t samples, std::uint64_t bytes);
    void sent(std::uint64_t samples, double seconds, int status, double at);
    void failed(std::uint64_t samples, double seconds, int status, const std::string& error,
                double at, double backoff_seconds);
    void dropped(const std::string& reason, std::uint64_t samples);
    // A refused request: its samples dropped as "rejected", and the answer remembered.
    void rejected(std::uint64_t samples, double seconds, int status, const std::string& error,
                  double at);

    View view() const;

private:
    // One send attempt's common bookkeeping; the caller holds mutex_.
    void recordAttempt(const char* result, double seconds, int status, const std::string& error,
                       double at, double backoff_seconds);

    mutable std::mutex mutex_;
    View view_;
};

void appendRemoteWriteMetrics(const RemoteWriteStats::View& view, FamilyList& out);
nlohmann::json remoteWriteStatusJson(const RemoteWriteStats::View& view);

}  // namespace sysmetrics
