#include "base/fault_injection.h"

#include <algorithm>

namespace sysmetrics {

namespace {
std::vector<std::string>& missingApis() {
    static std::vector<std::string> names;
    return names;
}
}  // namespace

void setMissingApisForTesting(std::vector<std::string> names) {
    missingApis() = std::move(names);
}

bool isApiMissingForTesting(std::string_view name) {
    const auto& names = missingApis();
    return std::find(names.begin(), names.end(), name) != names.end();
}

ConfigStatus checkMissingApiName(const std::string& name) {
#ifdef _WIN32
    static const char* const kResolved[] = {"NtQuerySystemInformation",
                                            "NtQuerySystemInformationEx",
                                            "NtQueryInformationProcess", "RtlNtStatusToDosError"};
    for (const char* known : kResolved) {
        if (name == known) {
            return {};
        }
    }
    return ConfigError{"--fault-missing-api: '" + name +
                       "' is not an API sysmetrics resolves (NtQuerySystemInformation, "
                       "NtQuerySystemInformationEx, NtQueryInformationProcess, "
                       "RtlNtStatusToDosError)"};
#else
    const bool under_proc_or_sys = name.rfind("/proc/", 0) == 0 || name.rfind("/sys/", 0) == 0;
    if (under_proc_or_sys && name.find("..") == std::string::npos) {
        return {};
    }
    return ConfigError{"--fault-missing-api: '" + name +
                       "' is not a /proc or /sys path (the files the Linux collectors read, "
                       "such as /proc/meminfo)"};
#endif
}

}  // namespace sysmetrics
