#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>

#include "http/prometheus/family_list.h"

namespace sysmetrics {

// Builds one remote write 1.0 WriteRequest (prometheus/prompb/remote.proto) with protozero:
// one TimeSeries per sample, labels sorted by name with __name__ among them. A series already
// present at the same timestamp is skipped: Prometheus rolls back a whole request that holds
// a duplicate, so one repeated series must not cost the rest.
class WriteRequestEncoder {
public:
    // `extra` is added to every series that does not carry that label itself.
    explicit WriteRequestEncoder(Labels extra = {});

    // False when skipped as a duplicate.
    bool add(const std::string& name, const Labels& labels, double value,
             std::int64_t timestamp_ms);

    // Calls `on_full` once `max_samples` are in (not again from inside it), so one large
    // collection becomes several requests that each fit a receiver's timeout.
    void onFull(std::uint64_t max_samples, std::function<void()> on_full) {
        max_samples_ = max_samples;
        on_full_ = std::move(on_full);
    }

    std::uint64_t samples() const { return samples_; }
    // The serialized WriteRequest (uncompressed); the encoder is empty again after.
    std::string take();

private:
    Labels extra_;
    std::string buffer_;
    std::uint64_t samples_ = 0;
    std::unordered_set<std::string> seen_;
    std::uint64_t max_samples_ = 0;
    std::function<void()> on_full_;
    bool in_on_full_ = false;  // label bytes + timestamp of each series added
};

// Feeds the samples of a FamilyList into an encoder, all stamped `timestamp_ms`.
class TimestampedSink : public SampleSink {
public:
    TimestampedSink(WriteRequestEncoder& encoder, std::int64_t timestamp_ms)
        : encoder_(encoder), timestamp_ms_(timestamp_ms) {}
    void sample(const std::string& name, MetricKind, const Labels& labels, double value) override {
        encoder_.add(name, labels, value, timestamp_ms_);
    }

private:
    WriteRequestEncoder& encoder_;
    std::int64_t timestamp_ms_;
};

// Unix seconds as remote write's milliseconds.
std::int64_t toMilliseconds(double unix_seconds);

// The body remote write sends: snappy's block format (not its framing format), as the spec asks.
std::string snappyCompress(const std::string& raw);
// False when `compressed` is not valid snappy.
bool snappyUncompress(const std::string& compressed, std::string& raw);

}  // namespace sysmetrics
