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

std::shared_ptr<Router> App::makeRouter() const {
    RenderContext context(platformNaming());
    context.processes = ProcessExport::from(config_.processes);
    context.process_connections = config_.connections_per_process;
    context.services_include = compiledOrNever(config_.services_include);
    context.services_exclude = compiledOrNever(config_.services_exclude);
    return std::make_shared<Router>(store_, std::move(context), runtime_);
}

Result<bool> App::reload(Config config) {
    const bool rebind =
        config.listen.host != config_.listen.host || config.listen.port != config_.listen.port;
    Config previous = config_;
    config_ = std::move(config);
    runtime_.listen = config_.listen.text();
    runtime_.config_path = config_.source_path;
    std::unique_ptr<HttpServer> replacement;
    if (rebind) {
        replacement = std::make_unique<HttpServer>(makeRouter());
        auto port = replacement->start(config_.listen);
        if (!port.ok()) {
            config_ = std::move(previous);
            runtime_.listen = config_.listen.text();
            runtime_.config_path = config_.source_path;
            return port.error();
        }
    }
    scheduler_.start(scheduledCollectors());
    if (rebind) {
        server_ = std::move(replacement);  // the old listener closes here
        spdlog::info("now listening on {}", config_.listen.text());
    } else if (server_) {
        server_->setRouter(makeRouter());
    }
    spdlog::info("configuration reloaded; collectors: {}",
                 fmt::join(config_.enabledCollectors(), ", "));
    return true;
}

Result<std::uint16_t> App::start() {
    runtime_.listen = config_.listen.text();
    runtime_.config_path = config_.source_path;
    server_ = std::make_unique<HttpServer>(makeRouter());
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
