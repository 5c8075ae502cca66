#include "service/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "collectors/history_series.h"
#include "http/router.h"
#include "service/collector_catalog.h"

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
      history_(std::make_shared<History>()),
      scheduler_(store_),
      remote_write_stats_(std::make_shared<RemoteWriteStats>()) {
    runtime_.remote_write = remote_write_stats_;
    runtime_.history = history_;
    store_->setPublishListener(
        [history = history_](const std::string& collector, const Section& section) {
            recordHistory(*history, collector, section);
        });
}

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
        // Settings objects cannot be compared: a collector with its own settings is made anew
        // on each reload (this generation); the others keep their running collector and its
        // state, such as cpu's previous sample.
        std::string made_from = name == config_.fault_hang_collector ? "hang;" : "";
        if (config_.settings.find(name)) {
            made_from += "settings of configuration " + std::to_string(generation_);
        }
        ScheduledCollector spec{std::move(collector), settings.interval, std::move(made_from),
                                settings.effectiveIdleInterval()};
        spec.pace_to_readers = settings.pace_to_readers;
        scheduled.push_back(std::move(spec));
    }
    return scheduled;
}

RenderContext App::renderContext() const {
    RenderContext context(platformNaming());
    context.settings = config_.settings;
    context.legacy_names = config_.metrics.legacy_names;
    return context;
}

std::shared_ptr<Router> App::makeRouter(RouterAccess access) const {
    access.cors.origins = config_.web.cors.origins;
    return std::make_shared<Router>(store_, renderContext(), runtime_, catalogHttp(),
                                    std::move(access));
}

Status<> App::restartRemoteWrite() {
    std::unique_ptr<RemoteWriter> earlier = std::move(remote_writer_);
    if (earlier) {
        earlier->stop();  // what it had captured is in the on-disk queue
    }
    const RemoteWriteConfig& settings = config_.remote_write;
    remote_write_stats_->configure(false, "", "", 0);
    if (!settings.enabled()) {
        return {};
    }
    const RenderContext context = renderContext();
    ReadsByCollector reads = metricsReadsOf(catalogHttp(), context.settings);
    remote_writer_ =
        std::make_unique<RemoteWriter>(settings, store_, context, catalogExpositions(),
                                       std::move(reads), runtime_, remote_write_stats_);
    if (earlier) {
        remote_writer_->resumeAfter(*earlier);
    }
    auto started = remote_writer_->start();
    if (!started.ok()) {
        remote_writer_.reset();
        Error error = started.error();
        error.where = "remote_write: " + error.where;
        return error;
    }
    spdlog::info("remote write to {}", settings.url);
    return {};
}

std::vector<App::Listener> App::plannedListeners() const {
    auto control = config_.web.auth.hasCredentials()
                       ? std::make_shared<AccessControl>(config_.web.auth)
                       : nullptr;
    const ApiListen& api = config_.web.api_listen;
    std::vector<Listener> planned;
    planned.push_back(Listener{Role::metrics, config_.listen,
                               RouterAccess{control, true, api.mode == ApiListen::Mode::shared, {}},
                               nullptr, 0});
    if (api.mode == ApiListen::Mode::separate) {
        planned.push_back(
            Listener{Role::api, api.address, RouterAccess{control, false, true, {}}, nullptr, 0});
    }
    return planned;
}

Result<std::vector<App::Listener>> App::bringUp(std::vector<Listener> planned) {
    const ServerOptions options{config_.web.tls, config_.web.limits};
    // Every change is made ready before any is applied, so a failure leaves the running
    // listeners untouched. A listener on the same address keeps its socket and only takes the
    // new options (TLS files read anew, limits): the address never goes unanswered.
    std::vector<Listener*> adopted(planned.size(), nullptr);
    for (std::size_t i = 0; i < planned.size(); ++i) {
        auto& listener = planned[i];
        auto running = std::find_if(listeners_.begin(), listeners_.end(), [&](const Listener& l) {
            return l.server && l.role == listener.role && l.address == listener.address;
        });
        if (running != listeners_.end()) {
            if (auto ready = running->server->prepare(options); !ready.ok()) {
                return ready.error();
            }
            adopted[i] = &*running;
            continue;
        }
        listener.server = std::make_unique<HttpServer>(makeRouter(listener.access), options);
        auto port = listener.server->start(listener.address);
        if (!port.ok()) {
            return port.error();  // `planned` closes the new servers, freeing their ports
        }
        listener.port = port.value();
    }
    for (std::size_t i = 0; i < planned.size(); ++i) {
        if (Listener* old = adopted[i]) {
            planned[i].port = old->port;
            planned[i].server = std::move(old->server);
            planned[i].server->applyPrepared();
            planned[i].server->setHandler(makeRouter(planned[i].access));
        }
    }
    return planned;
}

Status<> App::reload(Config config) {
    generation_++;
    Config previous = config_;
    config_ = std::move(config);
    runtime_.listen = config_.listen.text();
    runtime_.config_path = config_.source_path;
    auto listeners = bringUp(plannedListeners());
    if (!listeners.ok()) {
        config_ = std::move(previous);
        runtime_.listen = config_.listen.text();
        runtime_.config_path = config_.source_path;
        return listeners.error();
    }
    scheduler_.start(scheduledCollectors());
    listeners_ = std::move(listeners).value();  // listeners no longer wanted close here
    if (auto pushing = restartRemoteWrite(); !pushing.ok()) {
        spdlog::error("{}", pushing.error().describe());
    }
    spdlog::info("configuration reloaded; listening on {}; collectors: {}", config_.listen.text(),
                 fmt::join(config_.enabledCollectors(), ", "));
    return {};
}

Result<std::uint16_t> App::start() {
    runtime_.listen = config_.listen.text();
    runtime_.config_path = config_.source_path;
    auto listeners = bringUp(plannedListeners());
    if (!listeners.ok()) {
        return listeners.error();
    }
    listeners_ = std::move(listeners).value();
    if (auto pushing = restartRemoteWrite(); !pushing.ok()) {
        listeners_.clear();
        return pushing.error();
    }
    scheduler_.start(scheduledCollectors());
    const std::uint16_t port = listeners_.front().port;
    spdlog::info("sysmetrics {} listening on {}:{}{} with collectors: {}", runtime_.version,
                 config_.listen.host, port, config_.web.tls.enabled() ? " (TLS)" : "",
                 fmt::join(config_.enabledCollectors(), ", "));
    if (config_.web.api_listen.mode == ApiListen::Mode::separate) {
        spdlog::info("REST API on {}:{}", config_.web.api_listen.address.host, apiPort());
    }
    return port;
}

std::uint16_t App::apiPort() const {
    return listeners_.size() > 1 ? listeners_[1].port : 0;
}

void App::stop(std::chrono::milliseconds grace) {
    for (auto& listener : listeners_) {
        if (listener.server) {
            listener.server->stop();
        }
    }
    listeners_.clear();
    const auto abandoned = scheduler_.stop(grace);
    remote_writer_.reset();  // after the collectors: their last results are queued too
    if (!abandoned.empty()) {
        spdlog::warn("stopped without waiting for collector(s) still busy after {} ms: {}",
                     grace.count(), fmt::join(abandoned, ", "));
    }
}

}  // namespace sysmetrics
