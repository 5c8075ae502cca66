#pragma once

#include <prometheus/metric_family.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sysmetrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Builds prometheus-cpp MetricFamily values in the order they are first named. Adding a
// sample to a name already present appends to that family, so one family never appears twice.
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

    std::vector<prometheus::MetricFamily>& families() { return families_; }
    std::vector<prometheus::MetricFamily> take() { return std::move(families_); }

private:
    prometheus::ClientMetric& add(const std::string& name, const std::string& help,
                                  prometheus::MetricType type, const Labels& labels);

    std::vector<prometheus::MetricFamily> families_;
    std::map<std::string, std::size_t> index_;
};

// Replaces invalid UTF-8 with U+FFFD: Prometheus rejects a scrape with invalid label values.
std::string validUtf8(const std::string& text);

}  // namespace sysmetrics
