#include "collectors/pagefile.h"
#include "http/rest/collector_routes.h"
#include "http/rest/list_route.h"

namespace sysmetrics {

namespace {

nlohmann::json pagefileJson(const PagefileSection& section) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : section.files) {
        files.push_back({{"file", f.file},
                         {"limit_bytes", orNull(f.limit_bytes)},
                         {"used_bytes", f.used_bytes},
                         {"free_bytes", orNull(f.freeBytes())},
                         {"peak_used_bytes", orNull(f.peak_used_bytes)}});
    }
    return {{"collected_at", section.collected_at}, {"source", section.source}, {"files", files}};
}

}  // namespace

// GET /api/v1/pagefile: every paging file (Windows) or swap area (Linux) with its size and use.
RestRoutes pagefileRoutes() {
    return {listSectionRoute("/api/v1/pagefile", &pagefileJson, &PagefileSection::files, "files")};
}

}  // namespace sysmetrics
