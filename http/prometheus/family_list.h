#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/prometheus/exposition_format.h"

namespace sysmetrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricKind { gauge, counter };

// One family as exposition text: its samples are formatted as they are added.
struct TextFamily {
    std::string name;
    std::string help;
    MetricKind kind = MetricKind::gauge;
    std::string samples;  // "name{label=\"value\"} 1\n" lines
    std::size_t count = 0;
    bool preformatted = false;  // `samples` is the whole family: HELP, TYPE and sample lines
    // OpenMetrics: the names a preformatted family's samples take, so no two families clash.
    std::vector<std::string> claims;
};

// Receives each sample as it is added instead of the text: remote write encodes the very
// families /metrics shows without parsing text back.
class SampleSink {
public:
    virtual ~SampleSink() = default;
    virtual void sample(const std::string& name, MetricKind kind, const Labels& labels,
                        double value) = 0;
};

// Builds the Prometheus text exposition (format 0.0.4), or OpenMetrics 1.0 when constructed for
// it, family by family, in the order the families are first named. Adding a sample to a name
// already present appends to that family, so one family never appears twice. Samples are written as
// text at once: holding them as prometheus-cpp ClientMetric objects cost ~10 MB of peak heap at
// 1,000 processes (heaptrack), which stayed resident. The output is byte-for-byte what
// prometheus-cpp's TextSerializer writes for the same data (tests/unit/metrics_test.cpp checks
// against it).
class FamilyList {
public:
    FamilyList() = default;
    // OpenMetrics differs from text 0.0.4 in the counters: the family is named without `_total`
    // and every sample with it (a counter named without `_total` gets it on its samples, as
    // client_golang writes it); HELP escapes double quotes too. A family whose names would
    // clash with an earlier family's is left out, and a gauge `x` beside a counter `x_total`. The
    // body's `# EOF` is the caller's.
    explicit FamilyList(ExpositionFormat format) : format_(format) {}
    // Every sample goes to `sink` (which must outlive this list); no text is built.
    explicit FamilyList(SampleSink* sink) : sink_(sink) {}

    ExpositionFormat format() const { return format_; }

    void gauge(const std::string& name, const std::string& help, double value,
               const Labels& labels = {});
    void counter(const std::string& name, const std::string& help, double value,
                 const Labels& labels = {});
    // A sample only when the OS gave the value: absent, never exported as 0.
    template <typename T>
    void gaugeIf(const std::string& name, const std::string& help, const std::optional<T>& value,
                 const Labels& labels = {}) {
        if (value) {
            gauge(name, help, static_cast<double>(*value), labels);
        }
    }
    template <typename T>
    void counterIf(const std::string& name, const std::string& help, const std::optional<T>& value,
                   const Labels& labels = {}) {
        if (value) {
            counter(name, help, static_cast<double>(*value), labels);
        }
    }

    // An `_info`-style gauge of 1 carrying its data in labels.
    void info(const std::string& name, const std::string& help, const Labels& labels) {
        gauge(name, help, 1, labels);
    }

    // A family rendered elsewhere in this list's format (HELP, TYPE and its samples), written
    // out as it is; ignored when the name is taken or the filter refuses it. `claims` are the
    // OpenMetrics names its lines take (the family's own name and its samples').
    void preformatted(const std::string& name, std::string text,
                      std::vector<std::string> claims = {});

    // Only families whose name `filter` admits are kept (all when it is empty); a filter set
    // between two collectors' families applies to the families added after it.
    void setFilter(std::function<bool(const std::string&)> filter) { filter_ = std::move(filter); }

    const std::vector<TextFamily>& families() const { return families_; }
    const TextFamily* find(const std::string& name) const;
    // The exposition: "# HELP", "# TYPE" and the samples of each family.
    std::string text() const;

private:
    void add(const std::string& name, const std::string& help, MetricKind kind,
             const Labels& labels, double value);

    void appendOpenMetrics(std::string& out) const;

    ExpositionFormat format_ = ExpositionFormat::text;
    SampleSink* sink_ = nullptr;
    std::vector<TextFamily> families_;
    std::map<std::string, std::size_t> index_;
    std::function<bool(const std::string&)> filter_;
};

// Escapes a label value for the text format: backslash, double quote and newline.
void appendEscapedLabelValue(std::string& out, std::string_view value);
// As prometheus-cpp writes numbers: 16 significant digits, "Nan", "+Inf", "-Inf".
void appendSampleValue(std::string& out, double value);

// Text-format (0.0.4) HELP text: backslash and newline escaped, double quotes as they are
// (client_golang's parser rejects any other escape there; prometheus-cpp escapes nothing).
void appendTextHelp(std::string& out, const std::string& help);
// OpenMetrics HELP text: backslash, double quote and newline escaped.
void appendOpenMetricsHelp(std::string& out, const std::string& help);
// A number as client_golang writes OpenMetrics numbers (Go's shortest %g, ".0" added to an
// integer, "NaN", "+Inf", "-Inf"): the canonical form the spec asks of `le` and `quantile`.
void appendOpenMetricsNumber(std::string& out, double value);
// The OpenMetrics MetricFamily name of a counter: its name without `_total`.
std::string openMetricsCounterName(const std::string& name);

// Replaces invalid UTF-8 with U+FFFD: Prometheus rejects a scrape with invalid label values.
std::string validUtf8(const std::string& text);

}  // namespace sysmetrics
