#include <cstdio>

#include "installer/service_commands.h"

namespace sysmetrics {

int runServiceCommand(const CommandLine& line, const Config&) {
    std::fprintf(stderr,
                 "sysmetrics: '%s' manages a Windows service; on Linux use the systemd unit in "
                 "installer/sysmetrics.service (systemctl reload sends SIGHUP)\n",
                 line.command.c_str());
    return 2;
}

}  // namespace sysmetrics
