#pragma once

#include <cstdint>
#include <memory>

#include "base/result.h"
#include "config/config.h"
#include "http/server/request_handler.h"

namespace sysmetrics {

struct ServerOptions {
    TlsConfig tls;
    WebLimits limits;
};

// The listening socket and its worker threads (cpp-httplib, hidden here). Every request goes to
// the Router.
class HttpServer {
public:
    HttpServer(std::shared_ptr<RequestHandler> handler, ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving on a background thread; returns the bound port (port 0 picks a
    // free one). Fails with the address or the TLS file named.
    Result<std::uint16_t> start(const ListenAddress& address);

    // Stops accepting, lets requests in flight finish, joins the threads. Idempotent.
    void stop();

    // Requests from now on go to `handler` (a reload); requests in flight finish on the old one.
    void setHandler(std::shared_ptr<RequestHandler> handler);

    const ServerOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sysmetrics
