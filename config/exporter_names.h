#pragma once

#include <string>
#include <vector>

#include "base/config_error.h"

namespace sysmetrics {

// windows_exporter's collector names (every release since v0.25), so a scrape config or a
// --collectors list written for windows_exporter works unchanged. Each maps to the sysmetrics
// collectors that emit its families (none for the collectors sysmetrics has no equivalent of).
struct ExporterCollector {
    std::string name;
    std::vector<std::string> ours;
};

const std::vector<ExporterCollector>& exporterCollectors();
const ExporterCollector* findExporterCollector(const std::string& name);
std::vector<std::string> exporterCollectorNames();
// "a, b, c", for messages that list names.
std::string joinedNames(const std::vector<std::string>& names);

// The windows_exporter collector whose family `family` is, by its name
// ("windows_cpu_info_core" -> "cpu_info", "windows_net_bytes_total" -> "net"); "" for a family
// no windows_exporter collector has (sysmetrics_*, windows_battery_*).
std::string exporterCollectorOfFamily(const std::string& family);

// A --collectors list (our names or windows_exporter's) as our collector names, in `known`
// order. The error names what is wrong and the names that are known; an empty list is one.
ConfigResult<std::vector<std::string>> resolveCollectorList(const std::vector<std::string>& names,
                                                            const std::vector<std::string>& known,
                                                            const std::string& what);

}  // namespace sysmetrics
