#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "collectors/snapshot_store.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// The section a REST endpoint answers from, or the answer when there is none: 404 when its
// collector is disabled or unsupported here, 503 (Retry-After: 1) before its first collection.
template <typename SectionType>
std::shared_ptr<const SectionType> sectionFor(const Snapshot& snapshot, HttpResponse& unavailable) {
    const std::string name = SectionType::kName;
    auto status = snapshot.status.find(name);
    if (status == snapshot.status.end()) {
        unavailable = jsonError(404, "collector_disabled",
                                "the " + name + " collector is not enabled in the configuration");
        return nullptr;
    }
    auto section = snapshot.get<SectionType>();
    if (section) {
        return section;
    }
    if (status->second.state == CollectorState::unsupported) {
        unavailable =
            jsonError(404, "unsupported",
                      name + " are not collected on this platform: " + status->second.last_error);
    } else {
        const std::string why = status->second.last_error.empty() ? "no collection has finished yet"
                                                                  : status->second.last_error;
        unavailable = jsonError(503, "not_collected", name + ": " + why);
        unavailable.headers.emplace_back("Retry-After", "1");
    }
    return nullptr;
}

template <typename T>
nlohmann::json orNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace sysmetrics
