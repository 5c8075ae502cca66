#include "service/app.h"

#include <spdlog/spdlog.h>

#include "service/collector_registry.h"
#include "http/router.h"

namespace sysmetrics {

MetricNaming platformNaming() {
#ifdef _WIN32
    return MetricNaming::windows;
#else
    return MetricNaming::linux;
#endif
}

App::App(Config config, RuntimeInfo runtime)
    : config_(std::move(config)),
      runtime_(std::move(runtime)),
      store_(std::make_shared<SnapshotStore>()),
      scheduler_(store_) {}

App::~App() {
    stop();
}

std::vector<ScheduledCollector> App::scheduledCollectors() const {
    std::vector<ScheduledCollector> scheduled;
    for (const auto& [name, settings] : config_.collectors) {
        if (!settings.enabled) {
            continue;
        }
        auto collector = makeCollector(name, config_);
        if (!collector) {
            spdlog::error("no implementation for collector '{}'", name);
            continue;
        }
        scheduled.push_back(ScheduledCollector{std::move(collector), settings.interval});
    }
    return scheduled;
}

Result<std::uint16_t> App::start() {
    runtime_.listen = config_.listen.text();
    runtime_.config_path = config_.source_path;
    RenderContext context(platformNaming());
    context.processes = ProcessExport::from(config_.processes);
    context.process_connections = config_.connections_per_process;
    context.services_include = compiledOrNever(config_.services_include);
    context.services_exclude = compiledOrNever(config_.services_exclude);
    auto router = std::make_shared<Router>(store_, std::move(context), runtime_);
    server_ = std::make_unique<HttpServer>(router);
    auto port = server_->start(config_.listen);
    if (!port.ok()) {
        server_.reset();
        return port.error();
    }
    scheduler_.start(scheduledCollectors());
    spdlog::info("sysmetrics {} listening on {}:{} with collectors: {}", runtime_.version,
                 config_.listen.host, port.value(), fmt::join(config_.enabledCollectors(), ", "));
    return port;
}

void App::stop(std::chrono::milliseconds grace) {
    if (server_) {
        server_->stop();
        server_.reset();
    }
    const int abandoned = scheduler_.stop(grace);
    if (abandoned > 0) {
        spdlog::warn("{} collector(s) were still busy at stop and were abandoned", abandoned);
    }
}

}  // namespace sysmetrics
