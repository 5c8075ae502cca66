#include "base/paths.h"

namespace sysmetrics {

std::string defaultConfigPath() {
    return "/etc/sysmetrics/config.json";
}

std::string defaultTextfileDirectory() {
    return defaultStateDirectory("textfile");
}

std::string defaultStateDirectory(const std::string& name) {
    return "/var/lib/sysmetrics/" + name;
}

}  // namespace sysmetrics
