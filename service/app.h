#pragma once

#include <cstdint>
#include <memory>

#include "base/result.h"
#include "collectors/history.h"
#include "collectors/scheduler.h"
#include "collectors/snapshot_store.h"
#include "config/config.h"
#include "http/remote_write/remote_writer.h"
#include "http/router.h"
#include "http/runtime_info.h"
#include "http/server/server.h"

namespace sysmetrics {

// The whole service minus its host: the snapshot store, the scheduler and the HTTP server, wired
// from one Config. The SCM host, the console host and the tests all drive this.
class App {
public:
    App(Config config, RuntimeInfo runtime);
    ~App();

    // Binds the listeners (fast, and the only fatal step), then starts collecting in the
    // background. Returns the bound port of `listen`.
    Result<std::uint16_t> start();

    // Stops serving and collecting. Never waits longer than `grace` for a stuck collector.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

    // Applies a new configuration without dropping the listener: collectors, intervals and
    // filters change in place; a new listen address is bound before the old one is closed.
    // When the new address cannot be bound, nothing changes and the error is returned.
    Status<> reload(Config config);

    std::shared_ptr<SnapshotStore> store() const { return store_; }
    // The bound port of web.api_listen when the REST API has its own address, else 0.
    std::uint16_t apiPort() const;

private:
    // Matched across reloads by role and address (two port-0 addresses are different listeners).
    enum class Role { metrics, api };
    struct Listener {
        Role role;
        ListenAddress address;
        RouterAccess access;
        std::unique_ptr<HttpServer> server;
        std::uint16_t port = 0;
    };

    std::vector<ScheduledCollector> scheduledCollectors() const;
    RenderContext renderContext() const;
    std::shared_ptr<Router> makeRouter(RouterAccess access) const;
    // (Re)starts pushing as config_.remote_write says; an unusable queue folder is an error.
    Status<> restartRemoteWrite();
    // The listeners `config_` asks for, servers not yet made.
    std::vector<Listener> plannedListeners() const;
    // Starts what `planned` needs, reusing a running listener with the same address and
    // options. On failure nothing running has changed.
    Result<std::vector<Listener>> bringUp(std::vector<Listener> planned);

    Config config_;
    std::uint64_t generation_ = 0;  // configurations applied (start, then each reload)
    RuntimeInfo runtime_;
    std::shared_ptr<SnapshotStore> store_;
    std::shared_ptr<History> history_;
    Scheduler scheduler_;
    std::vector<Listener> listeners_;
    std::shared_ptr<RemoteWriteStats> remote_write_stats_;
    std::unique_ptr<RemoteWriter> remote_writer_;
};

MetricNaming platformNaming();

}  // namespace sysmetrics
