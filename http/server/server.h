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

// A listening socket, its admission stage and its workers (http/server/front.h; cpp-httplib
// parses and answers each admitted request). Every request goes to the Router.
class HttpServer {
public:
    HttpServer(std::shared_ptr<RequestHandler> handler, ServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving on a background thread; returns the bound port (port 0 picks a
    // free one). Fails with the address or the TLS file named, and why the bind failed.
    Result<std::uint16_t> start(const ListenAddress& address);

    // Stops accepting and ends every connection, requests in flight included; returns within
    // about a second whatever clients do. Idempotent.
    void stop();

    // Requests from now on go to `handler` (a reload); requests in flight finish on the old one.
    void setHandler(std::shared_ptr<RequestHandler> handler);

    // A reload on the same address: reads `options` (the TLS files anew) without applying them;
    // applyPrepared() then serves new connections with them on the same listening socket, so the
    // address never goes unanswered.
    Status<> prepare(ServerOptions options);
    void applyPrepared();

    const ServerOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// What start() and prepare() check of `options` before any socket, by the same code: the TLS
// files read and loaded as a certificate and its own key (and the client CA). For check-config:
// it binds nothing and starts no thread.
Status<> checkServerOptions(const ServerOptions& options);

}  // namespace sysmetrics
