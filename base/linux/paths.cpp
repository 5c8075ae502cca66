#include "base/paths.h"

namespace sysmetrics {

std::string defaultConfigPath() {
    return "/etc/sysmetrics/config.json";
}

}  // namespace sysmetrics
