#include "http/rest/textfile_routes.h"

#include "collectors/textfile.h"
#include "http/json_response.h"
#include "http/section_lookup.h"

namespace sysmetrics {

HttpResponse textfileList(const Snapshot& snapshot) {
    HttpResponse unavailable;
    auto section = sectionFor<TextfileSection>(snapshot, unavailable);
    if (!section) {
        return unavailable;
    }
    nlohmann::json files = nlohmann::json::array();
    for (const auto& file : section->files) {
        files.push_back(
            {{"path", file.path},
             {"mtime", file.mtime},
             {"size_bytes", file.size},
             {"state", file.error.empty() ? "ok" : "error"},
             {"error", file.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(file.error)},
             {"families", file.families},
             {"series", file.series}});
    }
    return jsonResponse({{"collected_at", section->collected_at},
                         {"directories", section->directories},
                         {"directory_errors", section->directory_errors},
                         {"files", files}});
}

}  // namespace sysmetrics
