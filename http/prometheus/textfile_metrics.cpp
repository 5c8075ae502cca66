#include <cmath>
#include <set>

#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/textfile_openmetrics.h"

namespace sysmetrics {

void appendTextfileMetrics(const TextfileSection& section, const RenderContext& context,
                           FamilyList& out) {
    const bool windows = context.naming == MetricNaming::windows;
    bool any_error = !section.directory_errors.empty();
    std::set<std::string> windows_names;
    for (const auto& file : section.files) {
        const Labels labels = {{"file", file.path}};
        out.gauge("sysmetrics_textfile_error",
                  "1 when the file is not served (see /api/v1/textfile for why), else 0.",
                  file.error.empty() ? 0 : 1, labels);
        out.gauge("sysmetrics_textfile_mtime_seconds", "Unix time the file was last modified.",
                  file.mtime, labels);
        any_error = any_error || !file.error.empty();
        if (!file.error.empty()) {
            continue;
        }
        if (!windows) {
            out.gauge("node_textfile_mtime_seconds",
                      "Unixtime mtime of textfiles successfully read.", file.mtime, labels);
            continue;
        }
        // windows_exporter labels the file by its name alone and writes whole seconds, so a
        // staleness rule on {file="backup.prom"} matches; a name met again in a later folder
        // gets no second series (the full paths are in sysmetrics_textfile_mtime_seconds).
        const std::string name = file.path.substr(file.path.find_last_of("/\\") + 1);
        if (windows_names.insert(name).second) {
            out.gauge("windows_textfile_mtime_seconds",
                      "Unixtime mtime of textfiles successfully read.", std::floor(file.mtime),
                      {{"file", name}});
        }
    }
    out.gauge(windows ? "windows_textfile_scrape_error" : "node_textfile_scrape_error",
              "1 if there was an error opening or reading a file, 0 otherwise", any_error ? 1 : 0);
    for (const auto& family : section.families) {
        if (out.format() == ExpositionFormat::openmetrics) {
            appendTextfileOpenMetrics(family, out);
        } else {
            out.preformatted(family.name, family.text);
        }
    }
}

}  // namespace sysmetrics
