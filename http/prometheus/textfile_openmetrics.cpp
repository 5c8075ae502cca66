#include "http/prometheus/textfile_openmetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "collectors/textfile_parser.h"
#include "collectors/textfile_series.h"

namespace sysmetrics {

namespace {

bool isCountLike(double value) {
    return !std::isnan(value) && value >= 0;
}

bool isWhole(double value) {
    return isCountLike(value) && std::floor(value) == value;
}

bool endsWith(std::string_view name, const std::string& base, std::string_view suffix) {
    return name.size() == base.size() + suffix.size() && name.substr(0, base.size()) == base &&
           name.substr(base.size()) == suffix;
}

const std::string_view* labelOf(const TextfileSample& sample, const char* label) {
    for (const auto& [key, value] : sample.labels) {
        if (key == label) {
            return &value;
        }
    }
    return nullptr;
}

// The series a sample belongs to: its labels without le or quantile.
std::string groupKey(const TextfileSample& sample) {
    std::vector<TextfileLabel> labels;
    for (const auto& label : sample.labels) {
        if (label.first != "le" && label.first != "quantile") {
            labels.push_back(label);
        }
    }
    TextfileSample identity;
    identity.labels = TextfileLabels(labels.data(), labels.size());
    std::string key;
    textfileSeriesKey(identity, key);
    return key;
}

double boundOf(const TextfileSample& sample, const char* label) {
    const std::string_view* text = labelOf(sample, label);
    return text ? textfileNumber(*text) : std::nan("");
}

// The samples of one series (of a histogram, a summary or a single sample otherwise).
using Group = std::vector<const TextfileSample*>;

std::vector<Group> groupsOf(const TextfileExposition& family) {
    std::vector<Group> groups;
    std::map<std::string, std::size_t> index;
    for (const auto* part : family.parts) {
        for (const auto& sample : part->samples) {
            auto [it, added] = index.emplace(groupKey(sample), groups.size());
            if (added) {
                groups.emplace_back();
            }
            groups[it->second].push_back(&sample);
        }
    }
    return groups;
}

bool histogramConforms(const std::string& name, Group& group) {
    Group buckets;
    const TextfileSample* sum = nullptr;
    const TextfileSample* count = nullptr;
    for (const auto* sample : group) {
        if (endsWith(sample->name, name, "_bucket")) {
            buckets.push_back(sample);
        } else if (endsWith(sample->name, name, "_sum")) {
            sum = sample;
        } else if (endsWith(sample->name, name, "_count")) {
            count = sample;
        }
    }
    std::stable_sort(buckets.begin(), buckets.end(), [](const auto* a, const auto* b) {
        return boundOf(*a, "le") < boundOf(*b, "le");
    });
    if (buckets.empty() || !std::isinf(boundOf(*buckets.back(), "le")) ||
        boundOf(*buckets.back(), "le") < 0 || (sum == nullptr) != (count == nullptr)) {
        return false;
    }
    double previous_bound = -std::numeric_limits<double>::infinity();
    double previous_value = 0;
    for (const auto* bucket : buckets) {
        const double bound = boundOf(*bucket, "le");
        const double value = textfileNumber(bucket->value);
        if (std::isnan(bound) || bound <= previous_bound || bound < 0 || !isWhole(value) ||
            value < previous_value) {
            return false;
        }
        previous_bound = bound;
        previous_value = value;
    }
    if (count &&
        (!isWhole(textfileNumber(count->value)) || textfileNumber(count->value) != previous_value ||
         !isCountLike(textfileNumber(sum->value)))) {
        return false;
    }
    group = buckets;
    if (count) {
        group.push_back(count);
        group.push_back(sum);
    }
    return true;
}

bool summaryConforms(const std::string& name, const Group& group) {
    for (const auto* sample : group) {
        const double value = textfileNumber(sample->value);
        if (sample->name == name) {
            const double quantile = boundOf(*sample, "quantile");
            if (!(quantile >= 0 && quantile <= 1) || value < 0) {
                return false;
            }
        } else if (endsWith(sample->name, name, "_count") ? !isWhole(value) : !isCountLike(value)) {
            return false;
        }
    }
    return true;
}

// Checks the groups against the type's rules (ordering a histogram's lines as it goes).
bool conforms(const std::string& type, const std::string& name, std::vector<Group>& groups) {
    for (auto& group : groups) {
        if (type == "histogram" && !histogramConforms(name, group)) {
            return false;
        }
        if (type == "summary" && !summaryConforms(name, group)) {
            return false;
        }
        if (type == "counter" &&
            !std::all_of(group.begin(), group.end(), [](const TextfileSample* sample) {
                return isCountLike(textfileNumber(sample->value));
            })) {
            return false;
        }
    }
    return true;
}

void appendSample(const TextfileSample& sample, std::string_view name, std::string& out) {
    appendTextfileSeries(name, sample, out,
                         [](std::string& text, std::string_view label, std::string_view value) {
                             if (label == "le" || label == "quantile") {
                                 appendOpenMetricsNumber(text, textfileNumber(value));
                             } else {
                                 appendEscapedLabelValue(text, value);
                             }
                         });
    appendOpenMetricsNumber(out, textfileNumber(sample.value));
    out.push_back('\n');
}

std::vector<std::string> claimsOf(const std::string& type, const std::string& name) {
    if (type == "counter") {
        return {name, name + "_total", name + "_created"};
    }
    if (type == "histogram") {
        return {name, name + "_bucket", name + "_sum", name + "_count", name + "_created"};
    }
    if (type == "summary") {
        return {name, name + "_sum", name + "_count", name + "_created"};
    }
    return {name};
}

// Each sample name as its own untyped family, for a family OpenMetrics cannot carry typed.
void appendUntyped(const TextfileExposition& family, FamilyList& out) {
    std::map<std::string, std::string, std::less<>> bodies;
    std::vector<std::string> order;
    for (const auto* part : family.parts) {
        for (const auto& sample : part->samples) {
            const std::string name(sample.name);
            auto [it, added] = bodies.emplace(name, "# TYPE " + name + " unknown\n");
            if (added) {
                order.push_back(name);
            }
            appendSample(sample, sample.name, it->second);
        }
    }
    for (const auto& name : order) {
        out.preformatted(name, std::move(bodies[name]), {name});
    }
}

}  // namespace

void appendTextfileOpenMetrics(const TextfileExposition& family, FamilyList& out) {
    if (!family.header || family.parts.empty()) {
        return;
    }
    const TextfileFamily& header = *family.header;
    const std::string& type = header.type;
    const std::string name = type == "counter" ? openMetricsCounterName(header.name) : header.name;
    std::vector<Group> groups = groupsOf(family);
    if (!conforms(type, name, groups)) {
        appendUntyped(family, out);
        return;
    }
    std::string text;
    if (header.has_help) {
        text += "# HELP " + name + " ";
        appendOpenMetricsHelp(text, header.help);
        text.push_back('\n');
    }
    text += "# TYPE " + name + " " + (type == "untyped" ? std::string("unknown") : type) + "\n";
    const std::string total = name + "_total";
    for (const auto& group : groups) {
        for (const auto* sample : group) {
            appendSample(*sample, type == "counter" ? std::string_view(total) : sample->name, text);
        }
    }
    out.preformatted(header.name, std::move(text), claimsOf(type, name));
}

}  // namespace sysmetrics
