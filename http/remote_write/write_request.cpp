#include "http/remote_write/write_request.h"

#include <snappy.h>

#include <algorithm>
#include <cmath>
#include <protozero/pbf_writer.hpp>

namespace sysmetrics {

namespace {

// Field numbers of prometheus/prompb/{remote,types}.proto.
constexpr protozero::pbf_tag_type kWriteRequestTimeseries = 1;
constexpr protozero::pbf_tag_type kTimeSeriesLabels = 1;
constexpr protozero::pbf_tag_type kTimeSeriesSamples = 2;
constexpr protozero::pbf_tag_type kLabelName = 1;
constexpr protozero::pbf_tag_type kLabelValue = 2;
constexpr protozero::pbf_tag_type kSampleValue = 1;
constexpr protozero::pbf_tag_type kSampleTimestamp = 2;

bool isAscii(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

WriteRequestEncoder::WriteRequestEncoder(Labels extra) : extra_(std::move(extra)) {}

bool WriteRequestEncoder::add(const std::string& name, const Labels& labels, double value,
                              std::int64_t timestamp_ms) {
    std::vector<std::pair<const std::string*, std::string>> sorted;
    sorted.reserve(labels.size() + extra_.size() + 1);
    static const std::string kName = "__name__";
    sorted.emplace_back(&kName, name);
    // An empty value is no label in Prometheus' data model (a scrape drops it too); sent, the
    // receiver would store a series that no query of /metrics' labels finds.
    for (const auto& [key, label_value] : labels) {
        if (!label_value.empty()) {
            sorted.emplace_back(&key, isAscii(label_value) ? label_value : validUtf8(label_value));
        }
    }
    for (const auto& extra : extra_) {  // (C++17 lambdas cannot capture structured bindings)
        const bool own = std::any_of(labels.begin(), labels.end(), [&](const auto& label) {
            return label.first == extra.first && !label.second.empty();
        });
        if (!own && !extra.second.empty()) {
            sorted.emplace_back(&extra.first, extra.second);
        }
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return *a.first < *b.first; });

    std::string series;
    {
        protozero::pbf_writer writer(series);
        for (const auto& [key, label_value] : sorted) {
            protozero::pbf_writer label(writer, kTimeSeriesLabels);
            label.add_string(kLabelName, *key);
            label.add_string(kLabelValue, label_value);
        }
    }
    std::string key = series;
    key.append(reinterpret_cast<const char*>(&timestamp_ms), sizeof timestamp_ms);
    if (!seen_.insert(std::move(key)).second) {
        return false;
    }
    {
        protozero::pbf_writer sample_writer(series);
        protozero::pbf_writer sample(sample_writer, kTimeSeriesSamples);
        sample.add_double(kSampleValue, value);
        sample.add_int64(kSampleTimestamp, timestamp_ms);
    }
    protozero::pbf_writer request(buffer_);
    request.add_message(kWriteRequestTimeseries, series);
    samples_++;
    if (on_full_ && samples_ >= max_samples_ && !in_on_full_) {
        in_on_full_ = true;
        on_full_();
        in_on_full_ = false;
    }
    return true;
}

std::string WriteRequestEncoder::take() {
    std::string out;
    out.swap(buffer_);
    samples_ = 0;
    seen_.clear();
    return out;
}

std::int64_t toMilliseconds(double unix_seconds) {
    return static_cast<std::int64_t>(std::llround(unix_seconds * 1000));
}

std::string snappyCompress(const std::string& raw) {
    std::string out;
    snappy::Compress(raw.data(), raw.size(), &out);
    return out;
}

bool snappyUncompress(const std::string& compressed, std::string& raw) {
    return snappy::Uncompress(compressed.data(), compressed.size(), &raw);
}

}  // namespace sysmetrics
