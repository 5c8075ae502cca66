#include "collectors/service.h"

namespace sysmetrics {

const std::vector<std::string> kServiceStates = {"stopped", "start_pending",    "stop_pending",
                                                 "running", "continue_pending", "pause_pending",
                                                 "paused"};
const std::vector<std::string> kServiceStartTypes = {"boot", "system", "auto", "manual",
                                                     "disabled"};

std::string serviceStateName(std::uint32_t state) {
    return state >= 1 && state <= kServiceStates.size() ? kServiceStates[state - 1] : "unknown";
}

std::string serviceStartTypeName(const std::optional<std::uint32_t>& start_type) {
    return start_type ? serviceStartTypeName(*start_type) : "unknown";
}

std::string serviceStartTypeName(std::uint32_t start_type) {
    return start_type < kServiceStartTypes.size() ? kServiceStartTypes[start_type] : "unknown";
}

}  // namespace sysmetrics
