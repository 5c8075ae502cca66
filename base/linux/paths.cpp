#include "base/paths.h"

namespace sysmetrics {

std::string defaultConfigPath() {
    return "/etc/sysmetrics/config.json";
}

std::string defaultTextfileDirectory() {
    return "/var/lib/sysmetrics/textfile";
}

}  // namespace sysmetrics
