// Hostile and unlucky clients against the real server on 127.0.0.1 (issue 18): idle and
// slowloris connections, header floods, slow readers, stop and reload under them, a TLS
// certificate renewed in place.
#include <httplib.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#ifndef _WIN32
#include <sys/resource.h>
#endif

#include "base/clock.h"
#include "raw_socket.h"
#include "test_app.h"

namespace sysmetrics {

namespace {

using test::localConfig;
using test::RawSocket;
using test::statusLine;
using Clock = std::chrono::steady_clock;

const std::string kTlsDir = std::string(SYSMETRICS_SOURCE_DIR) + "/tests/data/tls/";

Config baseConfig() {
    return localConfig({"memory"});
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TEST(Abuse, IdleAndSlowlorisConnectionsDoNotDelayAWellBehavedClient) {
    auto running = test::startApp(baseConfig());
    const std::uint16_t port = running.port;
    std::vector<std::unique_ptr<RawSocket>> attackers;
    for (int i = 0; i < 300; i++) {  // connect and never send
        attackers.push_back(std::make_unique<RawSocket>(port));
    }
    for (int i = 0; i < 100; i++) {  // slowloris: a head begun and never finished
        attackers.push_back(std::make_unique<RawSocket>(port));
        attackers.back()->send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow-" + std::to_string(i) +
                               ": a");
    }
    int connected = 0;
    for (const auto& a : attackers) {
        connected += a->connected() ? 1 : 0;
    }
    ASSERT_EQ(connected, 400);
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(8, 0);
    client.set_read_timeout(8, 0);
    const auto start = Clock::now();
    auto response = client.Get("/metrics");
    const double took = secondsSince(start);
    ASSERT_TRUE(response) << httplib::to_string(response.error());
    EXPECT_EQ(response->status, 200);
    // The target is 1 s (bench/abuse.sh measures it). Before the front a client here waited for
    // the 10 s read timeout or forever; 6 s leaves room for TSan on a loaded machine.
    EXPECT_LT(took, 6.0);
}

TEST(Abuse, ATricklingHeadIsCutAtTheHeadDeadlineNotPerRead) {
    Config config = baseConfig();
    config.web.limits.read_timeout = std::chrono::seconds(2);
    auto running = test::startApp(config);
    const std::uint16_t port = running.port;
    RawSocket slow(port, 500);
    ASSERT_TRUE(slow.send("GET /metrics HTTP/1.1\r\n"));
    const auto start = Clock::now();
    std::string answer;
    // One header line every 300 ms: each read is quick, the head never ends.
    for (int i = 0; i < 60 && answer.empty(); i++) {
        if (!slow.send("X-Trickle-" + std::to_string(i) + ": 1\r\n")) {
            break;
        }
        answer = slow.receiveSome();  // waits up to 500 ms
    }
    const double took = secondsSince(start);
    EXPECT_EQ(statusLine(answer), "HTTP/1.1 408 Request Timeout") << answer;
    EXPECT_LT(took, 8.0);  // the head deadline is 2 s; per-read timeouts would never fire
}

TEST(Abuse, HeadsOverTheByteOrLineCapGet431AndTheServerStaysUp) {
    auto running = test::startApp(baseConfig());
    const std::uint16_t port = running.port;
    {
        RawSocket flood(port);
        std::string head = "GET /metrics HTTP/1.1\r\n";
        const std::string line = "X-Flood: " + std::string(4000, 'f') + "\r\n";
        // 40,000 lines of 4 KB were accepted whole before (476 MB); stop at the first answer.
        std::string answer;
        flood.send(head);
        for (int i = 0; i < 40000; i++) {
            if (!flood.send(line)) {
                break;  // the server answered and closed
            }
            if (i % 16 == 15) {
                answer = flood.receiveSome();
                if (!answer.empty()) {
                    break;
                }
            }
        }
        if (answer.empty()) {
            answer = flood.receiveSome();
        }
        EXPECT_EQ(statusLine(answer), "HTTP/1.1 431 Request Header Fields Too Large") << answer;
    }
    {
        RawSocket many(port);
        std::string head = "GET /metrics HTTP/1.1\r\n";
        for (int i = 0; i < 150; i++) {
            head += "X-" + std::to_string(i) + ": 1\r\n";
        }
        many.send(head + "\r\n");
        EXPECT_EQ(statusLine(many.receiveSome()), "HTTP/1.1 431 Request Header Fields Too Large");
    }
    httplib::Client client("127.0.0.1", port);
    auto response = client.Get("/metrics");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
}

TEST(Abuse, TheOverCapacityAnswerNeverWaits) {
    Config config = baseConfig();
    config.web.limits.max_connections = 2;
    config.web.limits.write_timeout = std::chrono::seconds(30);
    test::ScratchDir textfiles;
    test::serveLargeMetrics(config, textfiles);
    auto running = test::startApp(config);
    const std::uint16_t port = running.port;
    ASSERT_TRUE(test::waitHealthy(port));
    auto hold1 = test::workerHolder(port);
    auto hold2 = test::workerHolder(port);
    ASSERT_TRUE(hold1 && hold2);
    // Both workers wait to write to clients that do not read; the next request gets 503 at once.
    RawSocket probe(port, 5000);
    const auto start = Clock::now();
    probe.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string answer = probe.receiveAll();
    const double took = secondsSince(start);
    EXPECT_EQ(statusLine(answer), "HTTP/1.1 503 Service Unavailable") << answer;
    EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos);
    EXPECT_LT(took, 5.0);  // a wait for a worker would last the 30 s write timeout
    hold1->close();
    hold2->close();
    httplib::Client client("127.0.0.1", port);
    int status = 0;
    const auto resumed_by = Clock::now() + std::chrono::seconds(10);
    while (status != 200 && Clock::now() < resumed_by) {  // the workers notice the gone clients
        auto response = client.Get("/metrics");
        status = response ? response->status : 0;
        if (status != 200) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    EXPECT_EQ(status, 200);
}

TEST(Abuse, IdleKeptAliveConnectionsAreClosedFirstWhenFull) {
#ifndef _WIN32
    // Both ends of ~520 connections live in this process: more than a 1,024 soft limit.
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = std::max<rlim_t>(files.rlim_cur, std::min<rlim_t>(files.rlim_max, 4096));
    setrlimit(RLIMIT_NOFILE, &files);
#endif
    auto running = test::startApp(baseConfig());
    const std::uint16_t port = running.port;
    RawSocket kept(port, 10000);
    ASSERT_TRUE(kept.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string answer;  // the whole answer: head and body may come in separate reads
    const auto whole = [&answer] {
        const auto head_end = answer.find("\r\n\r\n");
        return head_end != std::string::npos && answer.size() > head_end + 4 &&
               answer.back() == '\n';
    };
    const auto answered_by = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < answered_by && !whole()) {
        answer += kept.receiveSome();
    }
    ASSERT_NE(answer.find("\"status\""), std::string::npos) << answer;  // now idle, kept alive
    RawSocket early_silent(port, 200);  // older than any of the flood below
    std::vector<std::unique_ptr<RawSocket>> flood;
    for (int i = 0; i < 520; i++) {  // more than the 512 open connections the front keeps
        flood.push_back(std::make_unique<RawSocket>(port));
    }
    // The kept-alive one is closed to make room (end of stream), not the silent older one.
    EXPECT_EQ(kept.receiveAll(), "");
    // Still serving. (A new client may itself be closed to make room when flood connections
    // that the kernel's backlog made retry arrive after it, so it may try again.)
    // Retried until a deadline, not a count: under a sanitizer the retried flood keeps arriving
    // for seconds (ten quick tries all met it under TSan).
    httplib::Client client("127.0.0.1", port);
    bool answered = false;
    const auto answer_by = Clock::now() + std::chrono::seconds(60);
    while (!answered && Clock::now() < answer_by) {
        answered = static_cast<bool>(client.Get("/healthz"));
        if (!answered) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    EXPECT_TRUE(answered);
}

TEST(Abuse, StopEndsWithinSecondsWhateverClientsDo) {
    Config config = baseConfig();
    config.web.limits.read_timeout = std::chrono::seconds(60);
    config.web.limits.write_timeout = std::chrono::seconds(60);
    config.web.limits.max_connections = 4;
    test::ScratchDir textfiles;
    test::serveLargeMetrics(config, textfiles);
    auto running = test::startApp(config);
    const std::uint16_t port = running.port;
    ASSERT_TRUE(test::waitHealthy(port));
    std::vector<std::unique_ptr<RawSocket>> clients;
    for (int i = 0; i < 40; i++) {
        clients.push_back(std::make_unique<RawSocket>(port));
        clients.back()->send("GET /metrics HTTP/1.1\r\nX-Slow: a");
    }
    for (int i = 0; i < 4; i++) {
        clients.push_back(test::slowReader(port));  // every worker blocked in a write
    }
    httplib::Client client("127.0.0.1", port);
    ASSERT_TRUE(client.Get("/healthz"));  // admitted after the others: they are all in
    const auto start = Clock::now();
    running.app->stop();
    // A stop that waited on any client would take the 60 s timeouts. The bound is well below them
    // but not tight: under TSan on a loaded machine an orderly stop has taken 6.6 s.
    EXPECT_LT(secondsSince(start), 20.0);
}

TEST(Abuse, ReloadKeepsTheListenerWhenLimitsChange) {
    Config config = baseConfig();
    auto running = test::startApp(config);
    const std::uint16_t port = running.port;
    httplib::Client kept("127.0.0.1", port);  // keep-alive across the reloads
    int failed = 0;
    for (int i = 0; i < 10; i++) {
        config.web.limits.max_connections = 16 + static_cast<std::uint32_t>(i);
        config.web.limits.read_timeout = std::chrono::seconds(5 + i);
        ASSERT_TRUE(running.app->reload(config).ok());
        RawSocket fresh(port, 5000);  // the address answers at every moment
        fresh.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        if (statusLine(fresh.receiveAll()).find("HTTP/1.1 ") != 0) {
            failed++;
        }
        auto response = kept.Get("/healthz");
        failed += response ? 0 : 1;
    }
    EXPECT_EQ(failed, 0);
}

TEST(Abuse, ReloadServesACertificateRenewedInPlace) {
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() /
        ("sysmetrics-tls-" + std::to_string(Clock::now().time_since_epoch().count()));
    fs::create_directories(dir);
    fs::copy_file(kTlsDir + "server.pem", dir / "cert.pem");
    fs::copy_file(kTlsDir + "server.key", dir / "key.pem");
    Config config = baseConfig();
    config.web.tls.cert_file = (dir / "cert.pem").string();
    config.web.tls.key_file = (dir / "key.pem").string();
    auto running = test::startApp(config);
    const std::uint16_t port = running.port;
    const auto trustedByOurCa = [&] {
        httplib::SSLClient client("127.0.0.1", port);
        client.set_ca_cert_path((kTlsDir + "ca.pem").c_str());
        client.enable_server_certificate_verification(true);
        auto response = client.Get("/healthz");
        return static_cast<bool>(response);
    };
    EXPECT_TRUE(trustedByOurCa());
    // Renewed in place (here: replaced by a certificate our CA did not sign), same config.
    fs::copy_file(kTlsDir + "stranger.pem", dir / "cert.pem", fs::copy_options::overwrite_existing);
    fs::copy_file(kTlsDir + "stranger.key", dir / "key.pem", fs::copy_options::overwrite_existing);
    ASSERT_TRUE(running.app->reload(config).ok());
    EXPECT_FALSE(trustedByOurCa());  // the new certificate is served
    httplib::SSLClient any("127.0.0.1", port);
    any.enable_server_certificate_verification(false);
    auto response = any.Get("/healthz");
    ASSERT_TRUE(response) << httplib::to_string(response.error());
    running.app->stop();
    fs::remove_all(dir);
}

}  // namespace sysmetrics
