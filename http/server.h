#pragma once

#include <cstdint>
#include <memory>

#include "collectors/result.h"
#include "config/config.h"
#include "http/router.h"

namespace sysmetrics {

// The listening socket and its worker threads (cpp-httplib, hidden here). Every request goes to
// the Router.
class HttpServer {
public:
    explicit HttpServer(std::shared_ptr<Router> router);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving on a background thread; returns the bound port (port 0 picks a
    // free one). Fails with the address named when the bind fails.
    Result<std::uint16_t> start(const ListenAddress& address);

    // Stops accepting, lets requests in flight finish, joins the threads. Idempotent.
    void stop();

    // Requests from now on go to `router` (a reload); requests in flight finish on the old one.
    void setRouter(std::shared_ptr<Router> router);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace sysmetrics
