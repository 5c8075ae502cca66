#include "http/server/server.h"

// httplib brings in winsock2.h, which must come before windows.h.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "base/file_read.h"
#include "base/text_parse.h"
#include "http/server/connection_pool.h"
#include "http/server/json_response.h"
#include "http/server/rejection_count.h"

namespace sysmetrics {

namespace {

// No endpoint takes a body; the request line and each header line are capped at 8 KiB by
// cpp-httplib itself (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH, CPPHTTPLIB_HEADER_MAX_LENGTH).
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// Set while a connection beyond max_connections is being answered (on the overflow thread).
thread_local bool t_over_capacity = false;

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

// httplib's TaskQueue over our ConnectionPool: a connection beyond the cap is answered 503.
class CappedTaskQueue : public httplib::TaskQueue {
public:
    explicit CappedTaskQueue(std::size_t max_connections) : pool_(max_connections) {}
    void enqueue(std::function<void()> fn) override {
        auto connection = std::make_shared<std::function<void()>>(std::move(fn));
        const bool served = pool_.submit([connection] { (*connection)(); },
                                         [connection] {
                                             t_over_capacity = true;
                                             (*connection)();
                                             t_over_capacity = false;
                                         });
        if (!served) {
            RejectionCount::add();
            // At most one line a minute, however hard the server is pushed.
            const auto now = std::chrono::steady_clock::now();
            if (now - last_warning_ >= std::chrono::minutes(1)) {
                last_warning_ = now;
                spdlog::warn("connection limit reached: {} connection(s) answered 503 so far",
                             pool_.overflowed());
            }
        }
    }
    void shutdown() override { pool_.shutdown(); }

private:
    ConnectionPool pool_;
    // enqueue() runs only on httplib's accepting thread.
    std::chrono::steady_clock::time_point last_warning_{};
};

HttpRequest toRequest(const httplib::Request& in) {
    HttpRequest out;
    out.method = in.method;
    out.path = in.path;
    out.params.insert(in.params.begin(), in.params.end());
    for (const auto& [name, value] : in.headers) {
        out.headers[lowerAscii(name)] = value;
    }
    return out;
}

void copyResponse(const HttpResponse& answer, httplib::Response& response) {
    response.status = answer.status;
    for (const auto& [name, value] : answer.headers) {
        response.headers.emplace(name, value);  // WWW-Authenticate may repeat
    }
    response.set_header("Server", "sysmetrics");
    response.set_content(answer.body, answer.content_type.c_str());
}

std::optional<std::string> unreadableFile(const std::string& key, const std::string& path) {
    if (auto text = readTextFile(path); !text.ok()) {
        return "TLS: cannot read " + key + " '" + path + "' (" + text.error().describe() + ")";
    }
    return std::nullopt;
}

}  // namespace

struct HttpServer::Impl {
    ServerOptions options;
    std::mutex handler_mutex;
    std::shared_ptr<RequestHandler> handler;
    std::shared_ptr<RequestHandler> currentHandler() {
        std::lock_guard<std::mutex> lock(handler_mutex);
        return handler;
    }
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    bool running = false;

    Result<bool> makeServer();
};

Result<bool> HttpServer::Impl::makeServer() {
    const TlsConfig& tls = options.tls;
    if (tls.enabled()) {
        for (const auto& [key, path] :
             {std::pair<std::string, std::string>{"web.tls.cert_file", tls.cert_file},
              {"web.tls.key_file", tls.key_file},
              {"web.tls.client_ca_file", tls.client_ca_file}}) {
            if (!path.empty()) {
                if (auto why = unreadableFile(key, path)) {
                    return Error{ErrorCode::invalid_data, 0, *why};
                }
            }
        }
        auto secure = std::make_unique<httplib::SSLServer>(
            tls.cert_file.c_str(), tls.key_file.c_str(),
            tls.client_ca_file.empty() ? nullptr : tls.client_ca_file.c_str());
        if (!secure->is_valid()) {
            return Error{ErrorCode::invalid_data, 0,
                         "TLS: cannot use cert_file '" + tls.cert_file + "' with key_file '" +
                             tls.key_file + "'" +
                             (tls.client_ca_file.empty()
                                  ? std::string()
                                  : " and client_ca_file '" + tls.client_ca_file + "'") +
                             " (PEM files, a certificate and its own private key)"};
        }
        server = std::move(secure);
    } else {
        server = std::make_unique<httplib::Server>();
    }
    const WebLimits& limits = options.limits;
    server->new_task_queue = [max = limits.max_connections] { return new CappedTaskQueue(max); };
    server->set_read_timeout(static_cast<time_t>(limits.read_timeout.count()), 0);
    server->set_write_timeout(static_cast<time_t>(limits.write_timeout.count()), 0);
    server->set_keep_alive_timeout(static_cast<time_t>(limits.keep_alive_timeout.count()));
    server->set_payload_max_length(kMaxBodyBytes);
    server->set_socket_options(exclusiveListenSocket);
    // httplib writes the headers and the body separately: without TCP_NODELAY a small (gzip)
    // body waited for the client's delayed ACK, 40 ms per scrape (found by the gzip bench).
    server->set_tcp_nodelay(true);
    server->set_pre_routing_handler([](const httplib::Request&, httplib::Response& response) {
        if (!t_over_capacity) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        HttpResponse busy = jsonError(503, "over_capacity", "too many connections; retry shortly");
        busy.headers.emplace_back("Retry-After", "1");
        busy.headers.emplace_back("Connection", "close");
        copyResponse(busy, response);
        return httplib::Server::HandlerResponse::Handled;
    });
    auto handler = [this](const httplib::Request& request, httplib::Response& response) {
        copyResponse(currentHandler()->handle(toRequest(request)), response);
    };
    server->Get(".*", handler);
    server->Post(".*", handler);
    server->Put(".*", handler);
    server->Patch(".*", handler);
    server->Delete(".*", handler);
    server->Options(".*", handler);
    return true;
}

HttpServer::HttpServer(std::shared_ptr<RequestHandler> handler, ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->handler = std::move(handler);
    impl_->options = std::move(options);
}

HttpServer::~HttpServer() {
    stop();
}

const ServerOptions& HttpServer::options() const {
    return impl_->options;
}

void HttpServer::setHandler(std::shared_ptr<RequestHandler> handler) {
    std::lock_guard<std::mutex> lock(impl_->handler_mutex);
    impl_->handler = std::move(handler);
}

Result<std::uint16_t> HttpServer::start(const ListenAddress& address) {
    stop();
    auto made = impl_->makeServer();
    if (!made.ok()) {
        return made.error();
    }
    auto& server = *impl_->server;
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
    impl_->server->stop();
    if (impl_->thread.joinable()) {
        impl_->thread.join();
    }
    impl_->running = false;
}

}  // namespace sysmetrics
