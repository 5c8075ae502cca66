#include "http/metric_families.h"

namespace sysmetrics {

prometheus::ClientMetric& FamilyList::add(const std::string& name, const std::string& help,
                                          prometheus::MetricType type, const Labels& labels) {
    auto it = index_.find(name);
    if (it == index_.end()) {
        prometheus::MetricFamily family;
        family.name = name;
        family.help = help;
        family.type = type;
        families_.push_back(std::move(family));
        it = index_.emplace(name, families_.size() - 1).first;
    }
    prometheus::MetricFamily& family = families_[it->second];
    family.metric.emplace_back();
    prometheus::ClientMetric& metric = family.metric.back();
    metric.label.reserve(labels.size());
    for (const auto& [key, value] : labels) {
        metric.label.push_back({key, validUtf8(value)});
    }
    return metric;
}

void FamilyList::gauge(const std::string& name, const std::string& help, double value,
                       const Labels& labels) {
    add(name, help, prometheus::MetricType::Gauge, labels).gauge.value = value;
}

void FamilyList::counter(const std::string& name, const std::string& help, double value,
                         const Labels& labels) {
    add(name, help, prometheus::MetricType::Counter, labels).counter.value = value;
}

std::string validUtf8(const std::string& text) {
    static const char kReplacement[] = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        std::size_t length = 0;
        std::uint32_t min = 0;
        if (lead < 0x80) {
            out.push_back(static_cast<char>(lead));
            i++;
            continue;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
        }
        bool valid = length > 0 && i + length <= size;
        std::uint32_t code = valid ? lead & (0x7F >> length) : 0;
        for (std::size_t k = 1; valid && k < length; k++) {
            valid = (bytes[i + k] & 0xC0) == 0x80;
            code = (code << 6) | (bytes[i + k] & 0x3F);
        }
        valid = valid && code >= min && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        if (valid) {
            out.append(text, i, length);
            i += length;
        } else {
            out += kReplacement;
            i++;
        }
    }
    return out;
}

}  // namespace sysmetrics
