#include "http/server/server.h"

#include <mutex>

#include "http/server/engine.h"
#include "http/server/front.h"
#include "http/server/socket_ops.h"

namespace sysmetrics {

struct HttpServer::Impl {
    ServerOptions options;
    std::mutex router_mutex;
    std::shared_ptr<RequestHandler> router;
    std::shared_ptr<Engine> prepared;
    std::unique_ptr<Front> front;

    std::shared_ptr<RequestHandler> currentRouter() {
        std::lock_guard<std::mutex> lock(router_mutex);
        return router;
    }
    Result<std::shared_ptr<Engine>> makeEngine(const ServerOptions& with) {
        return Engine::make(with, [this] { return currentRouter(); });
    }
};

HttpServer::HttpServer(std::shared_ptr<RequestHandler> router, ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->router = std::move(router);
    impl_->options = std::move(options);
}

HttpServer::~HttpServer() {
    stop();
}

Status<> checkServerOptions(const ServerOptions& options) {
    auto engine = Engine::make(options, [] { return std::shared_ptr<RequestHandler>(); });
    if (!engine.ok()) {
        return engine.error();
    }
    return {};
}

const ServerOptions& HttpServer::options() const {
    return impl_->options;
}

void HttpServer::setHandler(std::shared_ptr<RequestHandler> router) {
    std::lock_guard<std::mutex> lock(impl_->router_mutex);
    impl_->router = std::move(router);
}

Result<std::uint16_t> HttpServer::start(const ListenAddress& address) {
    stop();
    auto engine = impl_->makeEngine(impl_->options);
    if (!engine.ok()) {
        return engine.error();
    }
    auto listener = net::bindListener(address.host, address.port);
    if (!listener.ok()) {
        return listener.error();
    }
    const std::uint16_t port = listener->port;
    impl_->front = std::make_unique<Front>(listener.value(), std::move(engine).value());
    if (!impl_->front->start()) {
        impl_->front.reset();
        return Error{ErrorCode::os_error, 0, "serve " + address.text(),
                     "cannot make the wake-up socket on 127.0.0.1"};
    }
    return port;
}

void HttpServer::stop() {
    if (impl_->front) {
        impl_->front->stop();
        impl_->front.reset();
    }
}

Status<> HttpServer::prepare(ServerOptions options) {
    auto engine = impl_->makeEngine(options);
    if (!engine.ok()) {
        return engine.error();
    }
    impl_->prepared = std::move(engine).value();
    return {};
}

void HttpServer::applyPrepared() {
    if (!impl_->prepared) {
        return;
    }
    impl_->options = impl_->prepared->options();
    if (impl_->front) {
        impl_->front->setEngine(std::move(impl_->prepared));
    }
    impl_->prepared.reset();
}

}  // namespace sysmetrics
