// Access control and hostile clients against the real server on 127.0.0.1: auth, TLS, client
// certificates, the connection cap, separate REST address, malformed and slow requests.
#include <httplib.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "base/clock.h"
#include "http/server/rejection_count.h"
#include "http/server/secret_check.h"
#include "raw_socket.h"
#include "test_app.h"
#include "tests/common/fifo.h"
#include "tests/common/scratch_dir.h"

namespace sysmetrics {

namespace {

using test::localConfig;
using test::RawSocket;
using test::RunningApp;
using test::startApp;
using test::statusLine;

const std::string kTlsDir = std::string(SYSMETRICS_SOURCE_DIR) + "/tests/data/tls/";

std::string hashOf(const std::string& secret) {
    return formatSecretHash(hashSecret(secret, 1000).value());
}

Config baseConfig() {
    return localConfig({"memory"});
}

}  // namespace

TEST(WebSecurity, CredentialsAreCheckedOverTheWire) {
    Config config = baseConfig();
    config.web.auth.token_hashes = {hashOf("tok-123")};
    config.web.auth.user_hashes["prom"] = hashOf("s3cret");
    config.web.auth.require_metrics = config.web.auth.require_api = true;
    RunningApp running = startApp(config);
    httplib::Client client("127.0.0.1", running.port);

    auto denied = client.Get("/metrics");
    ASSERT_TRUE(denied);
    EXPECT_EQ(denied->status, 401);
    EXPECT_EQ(denied->get_header_value_count("WWW-Authenticate"), 2u);
    EXPECT_EQ(client.Get("/api/v1/memory")->status, 401);
    EXPECT_NE(client.Get("/healthz")->status, 401);

    client.set_bearer_token_auth("tok-123");
    EXPECT_EQ(client.Get("/metrics")->status, 200);
    // The header written by hand: httplib 0.11's own base64 encoder shifts a signed int past
    // its range (UBSan stops the sanitizer run on it).
    httplib::Client basic("127.0.0.1", running.port);
    EXPECT_EQ(basic.Get("/metrics", {{"Authorization", "Basic cHJvbTpzM2NyZXQ="}})->status,
              200);  // prom:s3cret
    EXPECT_EQ(basic.Get("/metrics", {{"Authorization", "Basic cHJvbTp3cm9uZw=="}})->status,
              401);  // prom:wrong
}

TEST(WebSecurity, TlsServesHttpsAndPlainHttpGetsNothing) {
    Config config = baseConfig();
    config.web.tls.cert_file = kTlsDir + "server.pem";
    config.web.tls.key_file = kTlsDir + "server.key";
    RunningApp running = startApp(config);

    httplib::SSLClient secure("127.0.0.1", running.port);
    secure.set_ca_cert_path((kTlsDir + "ca.pem").c_str());
    secure.enable_server_certificate_verification(true);
    auto response = secure.Get("/metrics");
    ASSERT_TRUE(response) << httplib::to_string(response.error());
    EXPECT_EQ(response->status, 200);

    httplib::Client plain("127.0.0.1", running.port);
    plain.set_read_timeout(3, 0);
    auto refused = plain.Get("/metrics");
    EXPECT_TRUE(!refused || refused->status != 200);
}

TEST(WebSecurity, ClientCertificatesSignedByTheConfiguredCaOnly) {
    Config config = baseConfig();
    config.web.tls.cert_file = kTlsDir + "server.pem";
    config.web.tls.key_file = kTlsDir + "server.key";
    config.web.tls.client_ca_file = kTlsDir + "ca.pem";
    RunningApp running = startApp(config);

    const auto fetch = [&](const std::string& cert, const std::string& key) {
        auto client = cert.empty() ? std::make_unique<httplib::SSLClient>("127.0.0.1", running.port)
                                   : std::make_unique<httplib::SSLClient>(
                                         "127.0.0.1", running.port, kTlsDir + cert, kTlsDir + key);
        client->enable_server_certificate_verification(false);
        client->set_read_timeout(3, 0);
        auto response = client->Get("/metrics");
        return response ? response->status : -1;
    };
    EXPECT_EQ(fetch("client.pem", "client.key"), 200);
    EXPECT_EQ(fetch("", ""), -1);
    EXPECT_EQ(fetch("stranger.pem", "stranger.key"), -1);
}

TEST(WebSecurity, UnusableTlsFilesAreAnErrorNamingThem) {
    Config config = baseConfig();
    config.web.tls.cert_file = kTlsDir + "missing.pem";
    config.web.tls.key_file = kTlsDir + "server.key";
    App missing(config, RuntimeInfo{});
    auto started = missing.start();
    ASSERT_FALSE(started.ok());
    EXPECT_NE(started.error().where.find("web.tls.cert_file"), std::string::npos)
        << started.error().where;

    config.web.tls.cert_file = kTlsDir + "server.pem";
    config.web.tls.key_file = kTlsDir + "client.key";  // not the certificate's key
    App mismatched(config, RuntimeInfo{});
    started = mismatched.start();
    ASSERT_FALSE(started.ok());
    EXPECT_NE(started.error().detail.find("cannot use cert_file"), std::string::npos)
        << started.error().describe();
}

// A FIFO as the certificate or key held the start forever (the stop signals already blocked, so
// only SIGKILL ended it); a device was read until memory ran out. Both are refused, naming the key.
#ifndef _WIN32
TEST(WebSecurity, AFifoOrDeviceAsATlsFileIsRefusedWithoutWaiting) {
    const test::ScratchDir scratch;
    const std::string fifo = (scratch.path() / "cert-fifo").string();
    ASSERT_TRUE(test::makeFifo(fifo));
    Config config = baseConfig();
    config.web.tls.cert_file = kTlsDir + "server.pem";
    config.web.tls.key_file = fifo;
    Result<std::uint16_t> started = std::uint16_t{0};
    App app(config, RuntimeInfo{});
    EXPECT_TRUE(
        test::returnsWithin(std::chrono::seconds(10), fifo, [&] { started = app.start(); }));
    ASSERT_FALSE(started.ok());
    EXPECT_NE(started.error().where.find("web.tls.key_file: open " + fifo), std::string::npos)
        << started.error().describe();
    EXPECT_NE(started.error().detail.find("is not a regular file"), std::string::npos)
        << started.error().describe();

    config.web.tls.key_file = kTlsDir + "server.key";
    config.web.tls.client_ca_file = "/dev/zero";
    App device(config, RuntimeInfo{});
    started = device.start();
    ASSERT_FALSE(started.ok());
    EXPECT_NE(started.error().describe().find("web.tls.client_ca_file: open /dev/zero"),
              std::string::npos)
        << started.error().describe();
}
#endif

TEST(WebSecurity, ConnectionsBeyondTheCapGet503AndServiceResumes) {
    Config config = baseConfig();
    config.web.limits.max_connections = 2;
    config.web.limits.write_timeout = std::chrono::seconds(30);
    test::ScratchDir textfiles;
    test::serveLargeMetrics(config, textfiles);
    RunningApp running = startApp(config);
    ASSERT_TRUE(test::waitHealthy(running.port));
    // Two clients that never read their megabytes of /metrics hold both workers.
    auto slow1 = test::workerHolder(running.port);
    auto slow2 = test::workerHolder(running.port);
    ASSERT_TRUE(slow1 && slow2);
    const std::uint64_t rejected_before = RejectionCount::value();

    RawSocket third(running.port);
    ASSERT_TRUE(third.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    const std::string refused = third.receiveAll();
    EXPECT_EQ(statusLine(refused), "HTTP/1.1 503 Service Unavailable") << refused;
    EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
    EXPECT_EQ(RejectionCount::value(), rejected_before + 1);

    slow1->close();
    slow2->close();
    httplib::Client client("127.0.0.1", running.port);
    int status = 0;
    const auto resumed_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (status != 200 && std::chrono::steady_clock::now() < resumed_by) {
        auto response = client.Get("/metrics");  // the workers notice the gone clients
        status = response ? response->status : 0;
        if (status != 200) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    EXPECT_EQ(status, 200);
    // The refusal shows in /metrics, where the "refusing connections" alert reads it. (The
    // retries above may themselves have been refused while the workers let go: count at the
    // scrape.)
    const std::uint64_t refused_so_far = RejectionCount::value();
    EXPECT_GE(refused_so_far, rejected_before + 1);
    const std::string counted =
        "\nsysmetrics_http_connections_rejected_total " + std::to_string(refused_so_far) + "\n";
    auto scraped = client.Get("/metrics");
    ASSERT_TRUE(scraped);
    EXPECT_NE(scraped->body.find(counted), std::string::npos) << counted;
}

TEST(WebSecurity, RestApiOnItsOwnAddressOrOff) {
    Config config = baseConfig();
    config.web.api_listen = ApiListen{ApiListen::Mode::separate, ListenAddress{"127.0.0.1", 0}};
    RunningApp running = startApp(config);
    const std::uint16_t api_port = running.app->apiPort();
    ASSERT_NE(api_port, 0);
    ASSERT_NE(api_port, running.port);
    httplib::Client metrics("127.0.0.1", running.port);
    httplib::Client api("127.0.0.1", api_port);
    EXPECT_EQ(metrics.Get("/metrics")->status, 200);
    EXPECT_EQ(metrics.Get("/api/v1/collectors")->status, 404);
    EXPECT_EQ(api.Get("/api/v1/collectors")->status, 200);
    EXPECT_EQ(api.Get("/metrics")->status, 404);
    // Each address speaks for itself only: no /metrics in the API's index, no OPTIONS 204 where
    // GET is 404.
    auto index = api.Get("/api/v1");
    ASSERT_TRUE(index);
    EXPECT_EQ(index->body.find("\"/metrics\""), std::string::npos) << index->body;
    EXPECT_NE(index->body.find("\"/healthz\""), std::string::npos) << index->body;
    EXPECT_EQ(metrics.Options("/api/v1/system")->status, 404);
    EXPECT_EQ(api.Options("/metrics")->status, 404);
    EXPECT_EQ(api.Options("/api/v1/system")->status, 204);
    running.app->stop();

    config.web.api_listen = ApiListen{ApiListen::Mode::disabled, {}};
    RunningApp off = startApp(config);
    httplib::Client only_metrics("127.0.0.1", off.port);
    EXPECT_EQ(only_metrics.Get("/metrics")->status, 200);
    EXPECT_EQ(only_metrics.Get("/api/v1/collectors")->status, 404);
    EXPECT_EQ(off.app->apiPort(), 0);
}

TEST(WebSecurity, MalformedAndOversizedRequestsAreRefusedAndTheServerStaysUp) {
    RunningApp running = startApp(baseConfig());
    const auto exchange = [&](const std::string& request) {
        RawSocket socket(running.port);
        socket.send(request);
        return statusLine(socket.receiveSome());
    };
    EXPECT_EQ(exchange("GARBAGE\r\n\r\n"), "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(exchange("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"),
              "HTTP/1.1 414 URI Too Long");
    EXPECT_EQ(exchange("GET /metrics HTTP/1.1\r\nX-Big: " + std::string(9000, 'b') + "\r\n\r\n"),
              "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(exchange("BREW /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
              "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(exchange("GET /api/v1/../../../etc/passwd HTTP/1.1\r\nConnection: close\r\n\r\n"),
              "HTTP/1.1 404 Not Found");
    EXPECT_EQ(exchange("GET /%2e%2e/%2e%2e/windows/win.ini HTTP/1.1\r\nConnection: close\r\n\r\n"),
              "HTTP/1.1 404 Not Found");
    // No endpoint takes a body: refused for its method before any of the body is read.
    EXPECT_EQ(exchange("POST /metrics HTTP/1.1\r\nContent-Length: 70000\r\n\r\n" +
                       std::string(70000, 'p')),
              "HTTP/1.1 405 Method Not Allowed");
    httplib::Client client("127.0.0.1", running.port);
    auto response = client.Get("/metrics");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
}

// A GET's body is not read (no endpoint takes one), so it must not be left on the connection to
// be read as the next request: a proxy forwarding such a body would hand one client the answer
// to a request another hid in it.
TEST(WebSecurity, ABodyOnAGetIsNeverReadAsTheNextRequest) {
    RunningApp running = startApp(baseConfig());
    const std::string hidden = "GET /api/v1/collectors HTTP/1.1\r\nHost: x\r\n\r\n";
    const auto answers = [](const std::string& text) {
        std::size_t count = 0;
        for (std::size_t at = text.find("HTTP/1.1 "); at != std::string::npos;
             at = text.find("HTTP/1.1 ", at + 1)) {
            count++;
        }
        return count;
    };
    for (const std::string& framing :
         {"Content-Length: " + std::to_string(hidden.size()) + "\r\n\r\n" + hidden,
          "Transfer-Encoding: chunked\r\n\r\n" + [&] {
              char size[16];
              std::snprintf(size, sizeof size, "%zx", hidden.size());
              return std::string(size) + "\r\n" + hidden + "\r\n0\r\n\r\n";
          }()}) {
        RawSocket socket(running.port);
        // The index: /healthz is 503 until the first collection, which a slow run may not have.
        socket.send("GET /api/v1 HTTP/1.1\r\nHost: x\r\n" + framing);
        const std::string answer = socket.receiveAll();
        EXPECT_EQ(statusLine(answer), "HTTP/1.1 200 OK") << framing;
        EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
        EXPECT_EQ(answers(answer), 1u) << answer;
    }
    // Over the payload limit: refused, as for any other method.
    RawSocket socket(running.port);
    socket.send("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" +
                std::string(70000, 'g'));
    const std::string answer = socket.receiveAll();
    EXPECT_EQ(statusLine(answer), "HTTP/1.1 413 Payload Too Large");
    EXPECT_NE(answer.find("payload_too_large"), std::string::npos) << answer;
    EXPECT_EQ(answers(answer), 1u) << answer;
    // A body of no length keeps the connection for the next request.
    RawSocket keeps(running.port);
    keeps.send(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(answers(keeps.receiveAll()), 2u);
}

TEST(WebSecurity, ASlowClientNeitherBlocksOthersNorHoldsItsWorkerPastTheReadTimeout) {
    Config config = baseConfig();
    config.web.limits.read_timeout = std::chrono::seconds(8);
    RunningApp running = startApp(config);
    RawSocket slow(running.port, 20000);
    ASSERT_TRUE(slow.send("GET /metr"));  // and then nothing more

    httplib::Client client("127.0.0.1", running.port);
    const auto before = std::chrono::steady_clock::now();
    auto response = client.Get("/metrics");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    // Not queued behind the slow one's 8 s read timeout.
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(6));

    // The server gives up on the slow one: the read ends (closed) well before our own 20 s.
    const auto waited_from = std::chrono::steady_clock::now();
    slow.receiveAll();
    EXPECT_LT(std::chrono::steady_clock::now() - waited_from, std::chrono::seconds(16));
}

}  // namespace sysmetrics

namespace sysmetrics {

TEST(WebSecurity, ReloadChangesAccessAndAddressesInPlace) {
    Config config = baseConfig();
    RunningApp running = startApp(config);
    httplib::Client client("127.0.0.1", running.port);
    ASSERT_EQ(client.Get("/api/v1/collectors")->status, 200);

    // Credentials on: the same listener now asks for them.
    config.web.auth.token_hashes = {hashOf("tok-123")};
    config.web.auth.require_metrics = config.web.auth.require_api = true;
    ASSERT_TRUE(running.app->reload(config).ok());
    EXPECT_EQ(client.Get("/metrics")->status, 401);
    client.set_bearer_token_auth("tok-123");
    EXPECT_EQ(client.Get("/metrics")->status, 200);

    // The API moves to its own address; /metrics stays where it was.
    config.web.api_listen = ApiListen{ApiListen::Mode::separate, ListenAddress{"127.0.0.1", 0}};
    ASSERT_TRUE(running.app->reload(config).ok());
    ASSERT_NE(running.app->apiPort(), 0);
    EXPECT_EQ(client.Get("/metrics")->status, 200);
    EXPECT_EQ(client.Get("/api/v1/collectors")->status, 404);
    httplib::Client api("127.0.0.1", running.app->apiPort());
    api.set_bearer_token_auth("tok-123");
    EXPECT_EQ(api.Get("/api/v1/collectors")->status, 200);

    // A reload whose TLS files are unusable is refused; the old settings keep serving.
    Config broken = config;
    broken.web.tls.cert_file = kTlsDir + "missing.pem";
    broken.web.tls.key_file = kTlsDir + "server.key";
    auto refused = running.app->reload(broken);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().where.find("missing.pem"), std::string::npos);
    EXPECT_EQ(client.Get("/metrics")->status, 200);
}

}  // namespace sysmetrics
