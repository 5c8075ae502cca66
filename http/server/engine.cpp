#include "http/server/engine.h"

#include "base/clock.h"
#include "base/file_read.h"
#include "base/text_parse.h"
#include "http/server/browser_headers.h"
#include "http/server/connection_stream.h"
#include "http/server/heap_release_after_answer.h"
#include "http/server/json_response.h"
#include "http/server/socket_ops.h"

namespace sysmetrics {

namespace {

// No endpoint takes a body; the request line and each header line are capped at 8 KiB by
// cpp-httplib itself (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH, CPPHTTPLIB_HEADER_MAX_LENGTH), the
// whole head by the front (HeaderLimits).
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// Set when a request was answered without reading its body: the connection must close, since
// the unread bytes would be taken for the next request.
thread_local bool t_body_unread = false;

// cpp-httplib 0.11's request processing (process_request) is protected: reachable from a derived
// class, which is all this is. The accept loop and keep-alive loop stay ours.
template <class Base>
class Exposed : public Base {
public:
    using Base::Base;
    bool serve(httplib::Stream& stream, bool close_connection, bool& connection_closed, SSL* ssl) {
        // Every answer is made anew from the latest snapshot, so a byte range of one would
        // not fit a range of another: Range is ignored (RFC 9110 14.2 allows it).
        t_body_unread = false;
        const bool ok = this->process_request(stream, close_connection, connection_closed,
                                              [ssl](httplib::Request& request) {
                                                  request.ssl = ssl;
                                                  request.ranges.clear();
                                              });
        if (t_body_unread) {
            connection_closed = true;
        }
        return ok;
    }
};

// A GET, HEAD or OPTIONS request may still come with a body; cpp-httplib reads one only for the
// methods that take it, and what it leaves unread would be read as the next request on the
// connection (behind a proxy that forwards such a body, an answer to a request someone else
// hid in it). The length it declares: nullopt when none, 1 for a body of a length not given as a
// number (chunked, or a Content-Length that is not one).
std::optional<std::uint64_t> declaredBody(const httplib::Request& request) {
    if (request.has_header("Transfer-Encoding")) {
        return 1;
    }
    if (!request.has_header("Content-Length")) {
        return std::nullopt;
    }
    const auto length = parseUnsigned(trim(request.get_header_value("Content-Length")));
    if (!length) {
        return 1;
    }
    return *length == 0 ? std::nullopt : length;
}

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

// The body is moved, not copied: a /metrics of megabytes would otherwise be copied per scrape.
void moveResponse(HttpResponse answer, httplib::Response& response) {
    response.status = answer.status;
    for (const auto& [name, value] : answer.headers) {
        response.headers.emplace(name, value);  // WWW-Authenticate may repeat
    }
    response.set_header("Server", "sysmetrics");
    // A Range header is ignored (every answer is whole): say so, or cpp-httplib would advertise
    // "bytes" on each HEAD answer.
    response.set_header("Accept-Ranges", "none");
    if (!answer.content_type.empty()) {
        response.set_content(std::string(), answer.content_type.c_str());  // its Content-Type
        response.body = std::move(answer.body);
    }
}

// The JSON error for an answer cpp-httplib makes itself, before any handler: a request line over
// CPPHTTPLIB_REQUEST_URI_MAX_LENGTH (414), a head it cannot parse or a header line over its cap
// (400), a Range header it cannot parse (416), a body over the payload limit (413).
HttpResponse transportErrorBody(int status) {
    switch (status) {
        case 400:
            return jsonError(400, "bad_request",
                             "the request is not HTTP/1.1 this server can read");
        case 413:
            return jsonError(413, "payload_too_large", "no endpoint takes a body this large");
        case 414:
            return jsonError(414, "uri_too_long",
                             "the request line exceeds " +
                                 std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) + " bytes");
        case 416:
            return jsonError(416, "range_not_satisfiable",
                             "the Range header is not a bytes range (a valid one is ignored)");
        default:
            return jsonError(status, "http_error", "the request could not be served");
    }
}

// With the headers every error has.
HttpResponse transportError(int status) {
    HttpResponse answer = transportErrorBody(status);
    addErrorHeaders(answer, wallSeconds());
    return answer;
}

// The read's own error (not_found, access_denied, ...), naming the key that gave the path. Read
// as the config file is (base/file_read.h) before OpenSSL gets the path: a FIFO there held the
// start forever (with the stop signals already blocked), a device was read until memory ran out.
Status<> readableTlsFile(const std::string& key, const std::string& path) {
    if (auto text = readConfiguredFile(path, "a certificate or key file"); !text.ok()) {
        Error error = text.error();
        error.where = "TLS: " + key + ": " + error.where;
        return error;
    }
    return {};
}

Result<std::unique_ptr<Exposed<httplib::SSLServer>>> makeSecure(const TlsConfig& tls) {
    for (const auto& [key, path] :
         {std::pair<std::string, std::string>{"web.tls.cert_file", tls.cert_file},
          {"web.tls.key_file", tls.key_file},
          {"web.tls.client_ca_file", tls.client_ca_file}}) {
        if (!path.empty()) {
            if (auto readable = readableTlsFile(key, path); !readable.ok()) {
                return readable.error();
            }
        }
    }
    auto secure = std::make_unique<Exposed<httplib::SSLServer>>(
        tls.cert_file.c_str(), tls.key_file.c_str(),
        tls.client_ca_file.empty() ? nullptr : tls.client_ca_file.c_str());
    if (!secure->is_valid()) {
        return Error{
            ErrorCode::invalid_data, 0, "TLS",
            "cannot use cert_file '" + tls.cert_file + "' with key_file '" + tls.key_file + "'" +
                (tls.client_ca_file.empty() ? std::string()
                                            : " and client_ca_file '" + tls.client_ca_file + "'") +
                " (PEM files, a certificate and its own private key)"};
    }
    return secure;
}

}  // namespace

Result<std::shared_ptr<Engine>> Engine::make(const ServerOptions& options, RouterSource router) {
    std::shared_ptr<Engine> engine(new Engine());
    engine->options_ = options;
    if (options.tls.enabled()) {
        auto secure = makeSecure(options.tls);
        if (!secure.ok()) {
            return secure.error();
        }
        auto* raw = secure.value().get();
        engine->ssl_context_ = raw->ssl_context();
        engine->serve_ = [raw](httplib::Stream& s, bool close, bool& closed, SSL* ssl) {
            return raw->serve(s, close, closed, ssl);
        };
        engine->server_ = std::move(secure).value();
    } else {
        auto plain = std::make_unique<Exposed<httplib::Server>>();
        auto* raw = plain.get();
        engine->serve_ = [raw](httplib::Stream& s, bool close, bool& closed, SSL* ssl) {
            return raw->serve(s, close, closed, ssl);
        };
        engine->server_ = std::move(plain);
    }
    auto& server = *engine->server_;
    server.set_payload_max_length(kMaxBodyBytes);
    // Only for the Keep-Alive header: the front enforces both.
    server.set_keep_alive_max_count(kKeepAliveMaxRequests);
    server.set_keep_alive_timeout(options.limits.keep_alive_timeout.count());
    auto handler = [router = std::move(router)](const httplib::Request& request,
                                                httplib::Response& response) {
        moveResponse(router()->handle(toRequest(request)), response);
        noteAnswerBytes(response.body.size());
    };
    // No endpoint takes a body, so any other method is answered (405, or 404/401) before
    // httplib would wait for a body: a POST without one waited the whole read timeout.
    server.set_pre_routing_handler([handler](const httplib::Request& request,
                                             httplib::Response& response) {
        if (request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS") {
            const auto body = declaredBody(request);
            if (!body) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            // Answered as usual (its body means nothing here), then the connection closes.
            response.set_header("Connection", "close");
            t_body_unread = true;
            if (*body <= kMaxBodyBytes) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            moveResponse(transportError(413), response);
            return httplib::Server::HandlerResponse::Handled;
        }
        handler(request, response);
        response.set_header("Connection", "close");
        t_body_unread = true;
        return httplib::Server::HandlerResponse::Handled;
    });
    // httplib's own answers come without a body; they get the JSON error every other answer has,
    // and the connection closes at once: what is left of such a request may be unread, and a
    // keep-alive wait would hold the socket even where the client asked to close (the head was
    // never parsed). The body is set here, not "handled": a handled answer would be cut by the
    // request's byte ranges.
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& response) {
            if (response.body.empty()) {
                moveResponse(transportError(response.status), response);
                // Only a handled answer gets its length from httplib.
                response.set_header("Content-Length", std::to_string(response.body.size()));
                response.set_header("Connection", "close");
                t_body_unread = true;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        }));
    server.Get(".*", handler);
    server.Options(".*", handler);
    return engine;
}

Engine::~Engine() = default;

bool Engine::serveOne(httplib::Stream& stream, bool close_connection, bool& connection_closed,
                      SSL* ssl) {
    return serve_(stream, close_connection, connection_closed, ssl);
}

SSL* Engine::acceptTls(socket_t sock, const std::atomic<bool>& cancelled) {
    SSL* ssl = nullptr;
    {
        std::lock_guard<std::mutex> lock(ssl_mutex_);
        ssl = SSL_new(ssl_context_);
    }
    if (!ssl) {
        return nullptr;
    }
    BIO* bio = BIO_new_socket(static_cast<int>(sock), BIO_NOCLOSE);  // we close the socket
    if (bio) {
        SSL_set_bio(ssl, bio, bio);
        net::NonBlockingScope nonblocking(sock);
        if (untilTlsDone(sock, ssl, options_.limits.read_timeout, cancelled,
                         [ssl] { return SSL_accept(ssl); }) > 0) {
            return ssl;
        }
    }
    std::lock_guard<std::mutex> lock(ssl_mutex_);
    SSL_free(ssl);
    return nullptr;
}

void Engine::releaseTls(socket_t sock, SSL* ssl, bool graceful) {
    if (graceful) {
        // One try at close_notify: a peer that stopped reading does not get to hold us here.
        net::NonBlockingScope nonblocking(sock);
        SSL_shutdown(ssl);
    }
    std::lock_guard<std::mutex> lock(ssl_mutex_);
    SSL_free(ssl);
}

std::string rawAnswer(int status, const char* reason, const std::string& error,
                      const std::string& message, bool retry_after) {
    HttpResponse answer = jsonError(status, error, message);
    addErrorHeaders(answer, wallSeconds());
    if (retry_after) {
        answer.headers.emplace_back("Retry-After", "1");
    }
    std::string text = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    text += "Content-Type: " + answer.content_type + "\r\n";
    text += "Content-Length: " + std::to_string(answer.body.size()) + "\r\n";
    for (const auto& [name, value] : answer.headers) {
        text += name + ": " + value + "\r\n";
    }
    text += "Connection: close\r\nServer: sysmetrics\r\n\r\n";
    return text + answer.body;
}

}  // namespace sysmetrics
