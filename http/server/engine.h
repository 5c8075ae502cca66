#pragma once

// One configuration of the HTTP engine (cpp-httplib): the routes, the TLS context, the limits.
// The front admits connections and calls serveOne per request; a reload makes a new Engine
// while connections in flight finish on the old one. Internal to http/server.
#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "base/result.h"
#include "http/server/request_handler.h"
#include "http/server/server.h"

namespace sysmetrics {

class Engine {
public:
    using RouterSource = std::function<std::shared_ptr<RequestHandler>()>;
    // Requests on one kept-alive connection before it is closed: enough for a dashboard polling
    // every second for hours (an idle connection costs no worker, see Front).
    static constexpr std::size_t kKeepAliveMaxRequests = 10000;

    // Reads the TLS files anew (a certificate renewed in place is used from here on); fails with
    // the file named.
    static Result<std::shared_ptr<Engine>> make(const ServerOptions& options, RouterSource router);
    ~Engine();

    const ServerOptions& options() const { return options_; }
    bool tls() const { return options_.tls.enabled(); }

    // Serves the next request on `stream` (its head already received); false when the
    // connection must close.
    bool serveOne(httplib::Stream& stream, bool close_connection, bool& connection_closed,
                  SSL* ssl);

    // TLS handshake on an accepted socket, each wait bounded by the read timeout and ended by
    // `cancelled`; null when it failed.
    SSL* acceptTls(socket_t sock, const std::atomic<bool>& cancelled);
    void releaseTls(socket_t sock, SSL* ssl, bool graceful);

private:
    Engine() = default;
    ServerOptions options_;
    std::unique_ptr<httplib::Server> server_;  // an Exposed<Server> or Exposed<SSLServer>
    std::function<bool(httplib::Stream&, bool, bool&, SSL*)> serve_;
    SSL_CTX* ssl_context_ = nullptr;  // owned by server_
    std::mutex ssl_mutex_;
};

// The bytes of a complete answer the front writes itself (431, 408, 503): no worker involved.
std::string rawAnswer(int status, const char* reason, const std::string& error,
                      const std::string& message, bool retry_after = false);

}  // namespace sysmetrics
