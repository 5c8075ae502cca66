#pragma once

#include <string>

#include "http/prometheus/family_list.h"

namespace sysmetrics {

// Each family as "<prefix><name> counter|gauge" and its sample lines: what the golden exposition
// tests compare (names, types, labels, values), without the HELP texts.
inline std::string familiesText(const FamilyList& families, const std::string& prefix = "") {
    std::string text;
    for (const auto& family : families.families()) {
        text += prefix + family.name + " " +
                (family.kind == MetricKind::counter ? "counter" : "gauge") + "\n" + family.samples;
    }
    return text;
}

}  // namespace sysmetrics
