#pragma once

// The real App for HTTP tests: on 127.0.0.1 with a port the OS picks, only the collectors a test
// names, and a bounded wait for their first collections.
#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <thread>

#include "base/clock.h"
#include "config/textfile_settings.h"
#include "raw_socket.h"
#include "service/app.h"
#include "service/collector_catalog.h"
#include "tests/common/eventually.h"
#include "tests/common/scratch_dir.h"

namespace sysmetrics::test {

// The default config on 127.0.0.1:0 with only `collectors` enabled (cheap ones keep HTTP tests
// about HTTP; with every collector on, Wine's SCM can hold the services collector for seconds).
inline Config localConfig(std::initializer_list<const char*> collectors) {
    Config config = defaultConfig();
    config.listen = ListenAddress{"127.0.0.1", 0};
    for (auto& [name, collector] : config.collectors) {
        collector.enabled = false;
        for (const char* wanted : collectors) {
            collector.enabled = collector.enabled || name == wanted;
        }
    }
    return config;
}

// Adds the textfile collector serving a file of `series` series (about 32 bytes each) from `dir`,
// so /metrics is megabytes: far more than a socket buffers for a client that never reads, whose
// request then holds a worker in its write (see slowReader). A stalled body holds no worker:
// no endpoint takes a body, so such a request is refused before its body is read.
inline void serveLargeMetrics(Config& config, const ScratchDir& dir, int series = 200000) {
    {
        std::ofstream out(dir.path() / "large.prom", std::ios::binary);
        out << "# TYPE test_large_series gauge\n";
        for (int i = 0; i < series; i++) {
            out << "test_large_series{i=\"" << i << "\"} 1\n";
        }
    }
    auto textfile = std::make_shared<TextfileSettings>();
    textfile->directories = {dir.path().string()};
    textfile->max_file_bytes = 64ull * 1024 * 1024;
    config.settings.set(TextfileSettings::kCollector, std::move(textfile));
    config.collectors.at(TextfileSettings::kCollector).enabled = true;
}

// A client that asks for /metrics and never reads the answer: with serveLargeMetrics (and after
// its first collection), its request holds a worker in its write until the client goes.
inline std::unique_ptr<RawSocket> slowReader(std::uint16_t port) {
    auto socket = std::make_unique<RawSocket>(port, 5000, 1024);
    EXPECT_TRUE(socket->send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"));
    return socket;
}

// A slowReader whose request a worker is known to be serving: it has the answer's 200 head, and
// the megabytes behind it hold that worker in its write. One refused (503) while the workers
// were still busy with earlier requests is dropped and asked again; null after `limit`.
inline std::unique_ptr<RawSocket> workerHolder(
    std::uint16_t port, std::chrono::seconds limit = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        auto reader = slowReader(port);
        if (reader->receiveSome().rfind("HTTP/1.1 200 ", 0) == 0) {
            return reader;
        }
    }
    ADD_FAILURE() << "no worker took a /metrics request within " << limit.count() << " s";
    return nullptr;
}

struct RunningApp {
    std::unique_ptr<App> app;
    std::uint16_t port = 0;  // 0 when it did not start (the test has already failed then)
};

inline RunningApp startApp(const Config& config) {
    RunningApp running;
    running.app =
        std::make_unique<App>(config, RuntimeInfo{"test", "test", wallSeconds(), "", "", ""});
    auto port = running.app->start();
    EXPECT_TRUE(port.ok()) << (port.ok() ? "" : port.error().describe());
    running.port = port.ok() ? port.value() : 0;
    return running;
}

// True once /healthz answers 200 (every enabled collector has run once), false after `limit`.
inline bool waitHealthy(std::uint16_t port, std::chrono::seconds limit = std::chrono::seconds(60)) {
    httplib::Client client("127.0.0.1", port);
    return eventually(
        [&] {
            auto health = client.Get("/healthz");
            return health && health->status == 200;
        },
        limit, std::chrono::milliseconds(50));
}

// GETs `path` until its JSON (a 200) satisfies `condition` or `limit` has passed; the last JSON
// it read either way (null when none), for the test's assertions to show.
inline nlohmann::json pollJson(httplib::Client& client, const std::string& path,
                               const std::function<bool(const nlohmann::json&)>& condition,
                               std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    nlohmann::json last;
    eventually(
        [&] {
            auto response = client.Get(path);
            if (!response || response->status != 200) {
                return false;
            }
            last = nlohmann::json::parse(response->body, nullptr, false);
            return !last.is_discarded() && condition(last);
        },
        limit, std::chrono::milliseconds(50));
    return last;
}

// "HTTP/1.1 200 OK" from a raw answer.
inline std::string statusLine(const std::string& response) {
    return response.substr(0, response.find("\r\n"));
}

}  // namespace sysmetrics::test
