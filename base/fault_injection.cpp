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

}  // namespace sysmetrics
