// What a dashboard in a browser needs from the REST API, over real sockets: CORS, validators and
// 304, gzip, keep-alive for a poller, no byte ranges of dynamic answers, one poll for everything.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "base/clock.h"
#include "http/server/secret_check.h"
#include "raw_socket.h"
#include "test_app.h"

namespace sysmetrics {

namespace {

using nlohmann::json;
using test::RawSocket;

constexpr const char* kOrigin = "http://dashboard.example:8080";

class BrowserApiTest : public ::testing::Test {
protected:
    void SetUp() override {
        Config config = test::localConfig({"memory", "system"});
        config.web.cors.origins = {kOrigin};
        running_ = test::startApp(config);
        port_ = running_.port;
        ASSERT_NE(port_, 0);
        ASSERT_TRUE(test::waitHealthy(port_));
    }
    void TearDown() override {
        if (running_.app) {
            running_.app->stop();
        }
    }

    // One request on its own connection; the whole raw answer.
    std::string exchange(const std::string& head) {
        RawSocket socket(port_);
        EXPECT_TRUE(socket.connected());
        EXPECT_TRUE(socket.send(head));
        return socket.receiveAll();
    }

    test::RunningApp running_;
    std::uint16_t port_ = 0;
};

std::string headerOf(const std::string& raw, const std::string& name) {
    const std::string key = "\r\n" + name + ": ";
    const auto at = raw.find(key);
    if (at == std::string::npos || at > raw.find("\r\n\r\n")) {
        return "";
    }
    const auto start = at + key.size();
    return raw.substr(start, raw.find("\r\n", start) - start);
}

std::string statusLine(const std::string& raw) {
    return raw.substr(0, raw.find("\r\n"));
}

}  // namespace

TEST_F(BrowserApiTest, APageOnAnAllowedOriginCanPreflightAndRead) {
    const std::string preflight =
        exchange("OPTIONS /api/v1/memory HTTP/1.1\r\nHost: x\r\nOrigin: " + std::string(kOrigin) +
                 "\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: "
                 "authorization\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(statusLine(preflight), "HTTP/1.1 204 No Content") << preflight;
    EXPECT_EQ(headerOf(preflight, "Access-Control-Allow-Origin"), kOrigin);
    EXPECT_EQ(headerOf(preflight, "Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
    // Chromium refuses a preflight whose Access-Control-Allow-Origin comes twice ("contains
    // multiple values"), and with it every request that needed the preflight.
    const std::string head = preflight.substr(0, preflight.find("\r\n\r\n"));
    for (const char* once : {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"}) {
        std::size_t count = 0;
        const std::string line = std::string("\r\n") + once + ":";
        for (auto at = head.find(line); at != std::string::npos; at = head.find(line, at + 1)) {
            count++;
        }
        EXPECT_EQ(count, 1u) << once << " in " << head;
    }

    const std::string read =
        exchange("GET /api/v1/memory HTTP/1.1\r\nHost: x\r\nOrigin: " + std::string(kOrigin) +
                 "\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(statusLine(read), "HTTP/1.1 200 OK");
    EXPECT_EQ(headerOf(read, "Access-Control-Allow-Origin"), kOrigin);

    const std::string foreign = exchange(
        "GET /api/v1/memory HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n"
        "Connection: close\r\n\r\n");
    EXPECT_EQ(statusLine(foreign), "HTTP/1.1 200 OK");
    EXPECT_EQ(headerOf(foreign, "Access-Control-Allow-Origin"), "");
}

TEST_F(BrowserApiTest, ARepeatedPollWithTheETagGets304AndGzipWhenAsked) {
    const std::string first =
        exchange("GET /api/v1/system HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ASSERT_EQ(statusLine(first), "HTTP/1.1 200 OK") << first;
    const std::string etag = headerOf(first, "ETag");
    ASSERT_FALSE(etag.empty());
    EXPECT_FALSE(headerOf(first, "Date").empty());
    EXPECT_FALSE(headerOf(first, "Last-Modified").empty());
    EXPECT_EQ(headerOf(first, "Cache-Control").rfind("max-age=", 0), 0u);

    // A collection between the two requests changes the bytes: then ask again with the new tag.
    std::string again;
    std::string tag = etag;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        again = exchange("GET /api/v1/system HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + tag +
                         "\r\nConnection: close\r\n\r\n");
        if (statusLine(again) == "HTTP/1.1 304 Not Modified") {
            break;
        }
        tag = headerOf(again, "ETag");
    }
    EXPECT_EQ(statusLine(again), "HTTP/1.1 304 Not Modified") << again;
    EXPECT_EQ(again.substr(again.find("\r\n\r\n") + 4), "");

    const std::string zipped = exchange(
        "GET /api/v1/all HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: "
        "close\r\n\r\n");
    EXPECT_EQ(statusLine(zipped), "HTTP/1.1 200 OK");
    EXPECT_EQ(headerOf(zipped, "Content-Encoding"), "gzip");
    const std::string body = zipped.substr(zipped.find("\r\n\r\n") + 4);
    ASSERT_GE(body.size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>(body[0]), 0x1f);  // gzip magic
    EXPECT_EQ(static_cast<unsigned char>(body[1]), 0x8b);

    // q=0 refuses gzip whatever the parameter name's case (RFC 9110 5.6.6), here and at /metrics.
    for (const char* path : {"/api/v1/all", "/metrics"}) {
        const std::string refused = exchange(std::string("GET ") + path +
                                             " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: "
                                             "gzip;Q=0\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(statusLine(refused), "HTTP/1.1 200 OK") << path;
        EXPECT_EQ(headerOf(refused, "Content-Encoding"), "") << path;
    }
}

TEST_F(BrowserApiTest, RangeIsIgnoredAndOtherMethodsAre405AtOnce) {
    const std::string ranged = exchange(
        "GET /api/v1/memory HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(statusLine(ranged), "HTTP/1.1 200 OK") << ranged;
    const std::string body = ranged.substr(ranged.find("\r\n\r\n") + 4);
    EXPECT_TRUE(json::accept(body)) << body;  // whole, valid JSON, not 10 bytes of it

    const auto started = std::chrono::steady_clock::now();
    const std::string post = exchange("POST /api/v1/memory HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(statusLine(post), "HTTP/1.1 405 Method Not Allowed") << post;
    EXPECT_EQ(headerOf(post, "Allow"), "GET, HEAD, OPTIONS");
    // Waiting for the body that never comes would last the 10 s read timeout.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(6));
}

// The answers the HTTP library makes before any route (a URI over its limit, a Range it cannot
// parse, a request that is not HTTP) are JSON errors like every other, and the connection closes
// at once instead of idling through the keep-alive timeout.
TEST_F(BrowserApiTest, TransportErrorsAreJsonAndCloseTheConnectionAtOnce) {
    Config config = test::localConfig({"memory"});
    config.web.limits.keep_alive_timeout = std::chrono::seconds(30);
    test::RunningApp patient = test::startApp(config);
    ASSERT_TRUE(test::waitHealthy(patient.port));
    const struct {
        std::string request;
        int status;
        std::string error;
    } cases[] = {
        {"GET /api/v1/memory?x=" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414,
         "uri_too_long"},
        {"GET /api/v1/memory HTTP/1.1\r\nHost: x\r\nRange: bytes=9-1\r\n\r\n", 416,
         "range_not_satisfiable"},
        {"GARBAGE\r\n\r\n", 400, "bad_request"},
    };
    for (const auto& c : cases) {
        RawSocket socket(patient.port, 20000);
        ASSERT_TRUE(socket.send(c.request));
        const auto started = std::chrono::steady_clock::now();
        const std::string answer = socket.receiveAll();  // until the server closes
        EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10)) << c.status;
        EXPECT_EQ(statusLine(answer).substr(0, 12), "HTTP/1.1 " + std::to_string(c.status));
        EXPECT_EQ(headerOf(answer, "Content-Type"), "application/json; charset=utf-8") << answer;
        EXPECT_EQ(headerOf(answer, "Connection"), "close") << answer;
        const std::string text = answer.substr(answer.find("\r\n\r\n") + 4);
        EXPECT_EQ(headerOf(answer, "Content-Length"), std::to_string(text.size())) << answer;
        const json body = json::parse(text, nullptr, false);
        ASSERT_TRUE(body.is_object()) << answer;
        EXPECT_EQ(body.value("status", 0), c.status);
        EXPECT_EQ(body.value("error", ""), c.error);
    }
    patient.app->stop();
}

// No cache may keep a refusal: every error says Cache-Control: no-store and has a Date, whoever
// made it (a route, the router before any route, cpp-httplib before the router, the front before
// cpp-httplib).
TEST_F(BrowserApiTest, EveryErrorSaysNoStoreAndHasADate) {
    Config config = test::localConfig({"memory"});
    config.web.auth.token_hashes = {formatSecretHash(hashSecret("tok-123", 1000).value())};
    config.web.auth.require_api = true;
    test::RunningApp guarded = test::startApp(config);
    ASSERT_NE(guarded.port, 0);
    std::string many_lines;
    for (int i = 0; i < 150; i++) {
        many_lines += "X-" + std::to_string(i) + ": 1\r\n";
    }
    const std::string close = "Host: x\r\nConnection: close\r\n";
    const struct {
        std::string request;
        int status;
    } cases[] = {
        {"GET /metrics?collect[]=nope HTTP/1.1\r\n" + close, 400},  // a route's
        {"GET /nope HTTP/1.1\r\n" + close, 404},                    // the router's
        {"DELETE /metrics HTTP/1.1\r\n" + close, 405},              // the router's
        {"GET /api/v1/memory HTTP/1.1\r\n" + close, 401},           // the router's
        {"GARBAGE\r\n", 400},                                       // cpp-httplib's
        {"GET /metrics?x=" + std::string(9000, 'a') + " HTTP/1.1\r\n" + close, 414},
        {"GET /metrics HTTP/1.1\r\nRange: bytes=9-1\r\n" + close, 416},
        {"GET /metrics HTTP/1.1\r\nContent-Length: 70000\r\n" + close, 413},
        {"GET /metrics HTTP/1.1\r\n" + many_lines, 431},  // the front's
    };
    for (const auto& c : cases) {
        RawSocket socket(guarded.port);
        ASSERT_TRUE(socket.send(c.request + "\r\n"));
        const std::string answer = socket.receiveAll();
        EXPECT_EQ(statusLine(answer).substr(0, 12), "HTTP/1.1 " + std::to_string(c.status))
            << answer;
        EXPECT_EQ(headerOf(answer, "Cache-Control"), "no-store") << answer;
        const std::string date = headerOf(answer, "Date");
        EXPECT_EQ(date.size(), 29u) << answer;  // Sun, 06 Nov 1994 08:49:37 GMT
        EXPECT_EQ(date.substr(date.size() < 3 ? 0 : date.size() - 3), "GMT") << answer;
    }
    guarded.app->stop();
}

TEST_F(BrowserApiTest, KeepAliveLastsForAPollersManyRequests) {
    RawSocket socket(port_);
    ASSERT_TRUE(socket.connected());
    std::string last;
    for (int i = 0; i < 20; i++) {
        ASSERT_TRUE(socket.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        last.clear();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline &&
               last.find("\r\n\r\n") == std::string::npos) {
            last += socket.receiveSome();
        }
        const auto length = std::stoul(headerOf(last, "Content-Length"));
        while (std::chrono::steady_clock::now() < deadline &&
               last.size() < last.find("\r\n\r\n") + 4 + length) {
            last += socket.receiveSome();
        }
        ASSERT_EQ(statusLine(last), "HTTP/1.1 200 OK") << i << last;
        ASSERT_EQ(headerOf(last, "Connection"), "") << i;  // not closed
    }
    EXPECT_NE(headerOf(last, "Keep-Alive").find("max=10000"), std::string::npos) << last;
}

}  // namespace sysmetrics
