#pragma once

#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
};

// Builds the Prometheus text exposition (format 0.0.4) family by family, in the order the
// families are first named. Adding a sample to a name already present appends to that family,
// so one family never appears twice. Samples are written as text at once: holding them as
// prometheus-cpp ClientMetric objects cost ~10 MB of peak heap at 1,000 processes (heaptrack),
// which stayed resident. The output is byte-for-byte what prometheus-cpp's TextSerializer
// writes for the same data (tests/unit/metrics_test.cpp checks against it).
class FamilyList {
public:
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

    // A family rendered elsewhere (HELP, TYPE and its samples), written out as it is; ignored
    // when the name is taken.
    void preformatted(const std::string& name, std::string text);

    const std::vector<TextFamily>& families() const { return families_; }
    const TextFamily* find(const std::string& name) const;
    // The exposition: "# HELP", "# TYPE" and the samples of each family.
    std::string text() const;

private:
    void add(const std::string& name, const std::string& help, MetricKind kind,
             const Labels& labels, double value);

    std::vector<TextFamily> families_;
    std::map<std::string, std::size_t> index_;
};

// Escapes a label value for the text format: backslash, double quote and newline.
void appendEscapedLabelValue(std::string& out, const std::string& value);
// As prometheus-cpp writes numbers: 16 significant digits, "Nan", "+Inf", "-Inf".
void appendSampleValue(std::string& out, double value);

// Replaces invalid UTF-8 with U+FFFD: Prometheus rejects a scrape with invalid label values.
std::string validUtf8(const std::string& text);

}  // namespace sysmetrics
