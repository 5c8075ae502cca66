#include "collectors/textfile.h"
#include "http/rest/collector_routes.h"
#include "http/rest/list_route.h"

namespace sysmetrics {

namespace {

nlohmann::json textfileJson(const TextfileSection& section) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& file : section.files) {
        files.push_back(
            {{"path", file.path},
             {"mtime", file.mtime},
             {"size_bytes", file.size},
             {"state", file.error.empty() ? "ok" : "error"},
             {"error", file.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(file.error)},
             {"families", file.families},
             {"series", file.series}});
    }
    return {{"collected_at", section.collected_at},
            {"directories", section.directories},
            {"directory_errors", section.directory_errors},
            {"files", files}};
}

}  // namespace

// GET /api/v1/textfile: the directories, every *.prom file with its state and families.
RestRoutes textfileRoutes() {
    return {listSectionRoute("/api/v1/textfile", &textfileJson, &TextfileSection::files, "files")};
}

}  // namespace sysmetrics
