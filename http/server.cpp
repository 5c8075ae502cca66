#include "http/server.h"

// httplib brings in winsock2.h, which must come before windows.h.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

namespace sysmetrics {

namespace {
constexpr int kWorkerThreads = 8;
constexpr time_t kReadTimeoutSeconds = 10;
constexpr time_t kWriteTimeoutSeconds = 10;
constexpr time_t kKeepAliveSeconds = 30;

// httplib's default sets SO_REUSEPORT on Linux, which lets a second instance share our port
// silently, and on Windows SO_REUSEADDR, which lets another program take it over. We want a
// clean "address in use" instead.
void exclusiveListenSocket(socket_t sock) {
    int yes = 1;
#ifdef _WIN32
    setsockopt(sock, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes),
               sizeof yes);
#else
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
#endif
}

HttpRequest toRequest(const httplib::Request& in) {
    HttpRequest out;
    out.method = in.method;
    out.path = in.path;
    out.params.insert(in.params.begin(), in.params.end());
    for (const auto& [name, value] : in.headers) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        out.headers[lower] = value;
    }
    return out;
}
}  // namespace

struct HttpServer::Impl {
    std::mutex router_mutex;
    std::shared_ptr<Router> router;
    std::shared_ptr<Router> currentRouter() {
        std::lock_guard<std::mutex> lock(router_mutex);
        return router;
    }
    httplib::Server server;
    std::thread thread;
    bool running = false;
};

HttpServer::HttpServer(std::shared_ptr<Router> router) : impl_(std::make_unique<Impl>()) {
    impl_->router = std::move(router);
    auto& server = impl_->server;
    server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    server.set_read_timeout(kReadTimeoutSeconds, 0);
    server.set_write_timeout(kWriteTimeoutSeconds, 0);
    server.set_keep_alive_timeout(kKeepAliveSeconds);
    server.set_payload_max_length(64 * 1024);
    server.set_socket_options(exclusiveListenSocket);
    auto handler = [impl = impl_.get()](const httplib::Request& request,
                                        httplib::Response& response) {
        const HttpResponse answer = impl->currentRouter()->handle(toRequest(request));
        response.status = answer.status;
        for (const auto& [name, value] : answer.headers) {
            response.set_header(name, value);
        }
        response.set_header("Server", "sysmetrics");
        response.set_content(answer.body, answer.content_type.c_str());
    };
    server.Get(".*", handler);
    server.Post(".*", handler);
    server.Put(".*", handler);
    server.Patch(".*", handler);
    server.Delete(".*", handler);
    server.Options(".*", handler);
}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::setRouter(std::shared_ptr<Router> router) {
    std::lock_guard<std::mutex> lock(impl_->router_mutex);
    impl_->router = std::move(router);
}

Result<std::uint16_t> HttpServer::start(const ListenAddress& address) {
    stop();
    auto& server = impl_->server;
    int port = address.port;
    if (address.port == 0) {
        port = server.bind_to_any_port(address.host.c_str());
        if (port <= 0) {
            return Error{ErrorCode::os_error, 0, "bind " + address.text()};
        }
    } else if (!server.bind_to_port(address.host.c_str(), address.port)) {
        return Error{
            ErrorCode::os_error, 0,
            "bind " + address.text() + " (address in use, or not an address of this host)"};
    }
    impl_->running = true;
    impl_->thread = std::thread([&server] { server.listen_after_bind(); });
    // httplib's stop() does nothing until the listening thread has marked itself running, so a
    // stop that came sooner would leave that thread listening and join() waiting forever.
    // Return only once it is running (found by a test stopping right after start, under Wine).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server.is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return static_cast<std::uint16_t>(port);
}

void HttpServer::stop() {
    if (!impl_->running) {
        return;
    }
    impl_->server.stop();
    if (impl_->thread.joinable()) {
        impl_->thread.join();
    }
    impl_->running = false;
}

}  // namespace sysmetrics
