#include <pthread.h>
#include <signal.h>

#include <spdlog/spdlog.h>

#include "base/heap_release.h"
#include "base/linux/open_file_limit.h"
#include "base/paths.h"
#include "service/app.h"
#include "service/host.h"
#include "service/logging.h"
#include "service/reload.h"
#include "service/start_failure.h"

namespace sysmetrics {

int runService(const Config& config, const CommandLine& line, RuntimeInfo runtime) {
    if (auto logging = setupLogging(config, LogTarget::console); !logging.ok()) {
        return failStart(line, StartFailure::log_file, logging.error().describe());
    }
    setServiceHeapPolicy();
    // Block the stop signals before any thread exists, so every thread inherits the mask and
    // only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    raiseOpenFileLimit();

    App app(config, runtime);
    auto port = app.start();
    if (!port.ok()) {
        spdlog::critical("cannot start: {}", port.error().describe());
        return 1;
    }
    for (;;) {
        int received = 0;
        if (sigwait(&signals, &received) != 0) {
            continue;
        }
        if (received == SIGHUP) {
            spdlog::info("SIGHUP received: reloading the configuration");
            if (auto reloaded = reloadConfiguration(app, line, defaultConfigPath());
                !reloaded.ok()) {
                spdlog::error("reload rejected, the running configuration stays: {}",
                              reloaded.error().message);
            }
            continue;
        }
        spdlog::info("signal {} received, stopping", received);
        break;
    }
    app.stop();
    spdlog::info("stopped");
    return 0;
}

}  // namespace sysmetrics

namespace sysmetrics {

// systemd reads the exit status and the journal reads stderr: printing is all there is to do.
int failStart(const CommandLine&, StartFailure, const std::string& message) {
    std::fprintf(stderr, "sysmetrics: %s\n", message.c_str());
    return 2;
}

}  // namespace sysmetrics
