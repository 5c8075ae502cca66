#pragma once

#include <thread>
#include <utility>

namespace sysmetrics {

// An httplib server, plain or TLS, answering on 127.0.0.1 at a free port from its own thread
// from start() until it is destroyed. Handlers are added to `server` before start(). Declare it
// after what its handlers use, so that it stops before those go.
template <typename Server>
class ListeningServer {
public:
    template <typename... Args>
    explicit ListeningServer(Args&&... args) : server(std::forward<Args>(args)...) {}
    ListeningServer(const ListeningServer&) = delete;
    ListeningServer& operator=(const ListeningServer&) = delete;
    ~ListeningServer() {
        if (thread_.joinable()) {
            server.stop();
            thread_.join();
        }
    }

    void start() {
        port_ = server.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server.listen_after_bind(); });
    }
    int port() const { return port_; }

    Server server;

private:
    int port_ = 0;
    std::thread thread_;
};

}  // namespace sysmetrics
