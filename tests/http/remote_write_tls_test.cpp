// Remote write over TLS with its credentials from files, end to end: the real App pushing to an
// httplib::SSLServer on 127.0.0.1 that holds the certificates of tests/data/tls (its README says
// which CA signed what). The wire protocol itself is remote_writer_test.cpp's.
#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/remote_write/write_request.h"
#include "tests/common/eventually.h"
#include "tests/common/fifo.h"
#include "tests/http/listening_server.h"
#include "tests/http/test_app.h"

namespace sysmetrics {

namespace {

using test::eventually;
using test::RunningApp;
using test::ScratchDir;
using test::startApp;

const std::string kTlsDir = std::string(SYSMETRICS_SOURCE_DIR) + "/tests/data/tls/";
constexpr std::chrono::seconds kDeadline{10};

// A field of GET /api/v1/remote_write's answer, `otherwise` where it has none.
template <typename T>
T statusField(const nlohmann::json& status, const char* section, const char* key, T otherwise) {
    if (!status.is_object() || !status.contains(section) || !status[section].is_object()) {
        return otherwise;
    }
    return status[section].value(key, otherwise);
}
std::uint64_t failedSends(const nlohmann::json& status) {
    return statusField(status, "sends", "retry", std::uint64_t{0});
}
std::string lastError(const nlohmann::json& status) {
    return statusField(status, "last_send", "error", std::string());
}

struct Arrival {
    std::string content_encoding, content_type, version, authorization;
    bool body_decodes = false;
    std::string client_common_name;  // of the certificate the pusher presented, "" = none
};

std::string commonNameOf(const SSL* ssl) {
    const X509* certificate = ssl ? SSL_get0_peer_certificate(ssl) : nullptr;
    if (!certificate) {
        return "";
    }
    char name[256] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, name,
                              sizeof name);
    return name;
}

// A remote write receiver on https://127.0.0.1:<port>/api/v1/write that accepts every request
// and remembers what it saw. `identity` is a certificate of tests/data/tls ("server" is signed by
// the CA); with `client_ca`, the handshake demands a client certificate that CA signed.
class TlsReceiver {
public:
    explicit TlsReceiver(const std::string& identity, const std::string& client_ca = "")
        : https_((kTlsDir + identity + ".pem").c_str(), (kTlsDir + identity + ".key").c_str(),
                 client_ca.empty() ? nullptr : client_ca.c_str()) {
        EXPECT_TRUE(https_.server.is_valid());
        https_.server.Post(
            "/api/v1/write", [this](const httplib::Request& request, httplib::Response& response) {
                std::string raw;
                Arrival arrival{request.get_header_value("Content-Encoding"),
                                request.get_header_value("Content-Type"),
                                request.get_header_value("X-Prometheus-Remote-Write-Version"),
                                request.get_header_value("Authorization"),
                                snappyUncompress(request.body, raw) && !raw.empty(),
                                commonNameOf(request.ssl)};
                std::lock_guard<std::mutex> lock(mutex_);
                arrivals_.push_back(arrival);
                response.status = 204;
            });
        https_.start();
    }
    std::vector<Arrival> arrivals() {
        std::lock_guard<std::mutex> lock(mutex_);
        return arrivals_;
    }
    bool waitForArrival() {
        return eventually([&] { return !arrivals().empty(); }, kDeadline);
    }
    std::string url() const {
        return "https://127.0.0.1:" + std::to_string(https_.port()) + "/api/v1/write";
    }

private:
    std::mutex mutex_;
    std::vector<Arrival> arrivals_;
    ListeningServer<httplib::SSLServer> https_;
};

class RemoteWriteTls : public ::testing::Test {
protected:
    // The App with the memory collector, pushing to `receiver` and trusting only the test CA.
    Config configFor(const TlsReceiver& receiver) {
        Config config = test::localConfig({"memory"});
        config.remote_write.url = receiver.url();
        config.remote_write.tls_ca_file = kTlsDir + "ca.pem";
        config.remote_write.min_backoff = std::chrono::milliseconds(100);
        config.remote_write.max_backoff = std::chrono::milliseconds(500);
        config.remote_write.queue_directory = (scratch_.path() / "queue").string();
        return config;
    }

    std::string secretFile(const std::string& name, const std::string& content) {
        const auto path = scratch_.path() / name;
        std::ofstream(path, std::ios::binary) << content;
        return path.string();
    }

    // GET /api/v1/remote_write, where an admin looks, once it shows a failed send (or after the
    // deadline); the last answer either way.
    static nlohmann::json statusAfterAFailedSend(std::uint16_t port) {
        httplib::Client client("127.0.0.1", port);
        return test::pollJson(
            client, "/api/v1/remote_write",
            [](const nlohmann::json& status) { return failedSends(status) > 0; }, kDeadline);
    }

    ScratchDir scratch_;
};

}  // namespace

TEST_F(RemoteWriteTls, VerifiesTheReceiverWithTheCaFileAndSendsTheBearerTokenTrimmed) {
    TlsReceiver receiver("server");
    Config config = configFor(receiver);
    config.remote_write.bearer_token_file = secretFile("token", "  tok-3f9a.b2 \r\n\n");
    RunningApp running = startApp(config);
    ASSERT_TRUE(receiver.waitForArrival());
    const Arrival first = receiver.arrivals().front();
    EXPECT_EQ(first.content_encoding, "snappy");
    EXPECT_EQ(first.content_type, "application/x-protobuf");
    EXPECT_EQ(first.version, "0.1.0");
    EXPECT_EQ(first.authorization, "Bearer tok-3f9a.b2");
    EXPECT_TRUE(first.body_decodes);
}

TEST_F(RemoteWriteTls, SendsBasicAuthWithThePasswordFromItsFile) {
    TlsReceiver receiver("server");
    Config config = configFor(receiver);
    config.remote_write.basic_auth_username = "pusher";
    config.remote_write.basic_auth_password_file = secretFile("password", "pa:ss word\n");
    RunningApp running = startApp(config);
    ASSERT_TRUE(receiver.waitForArrival());
    // base64("pusher:pa:ss word"), from coreutils' base64.
    EXPECT_EQ(receiver.arrivals().front().authorization, "Basic cHVzaGVyOnBhOnNzIHdvcmQ=");
}

TEST_F(RemoteWriteTls, AReceiverTheCaDidNotSignGetsNothingAndTheStatusSaysWhy) {
    TlsReceiver receiver("stranger");
    RunningApp running = startApp(configFor(receiver));
    const nlohmann::json status = statusAfterAFailedSend(running.port);
    ASSERT_GT(failedSends(status), 0u) << status.dump();
    EXPECT_TRUE(receiver.arrivals().empty());
    EXPECT_NE(lastError(status).find("certificate"), std::string::npos) << status.dump();
}

TEST_F(RemoteWriteTls, InsecureSkipVerifyDeliversToAReceiverTheCaDidNotSign) {
    TlsReceiver receiver("stranger");
    Config config = configFor(receiver);
    config.remote_write.tls_insecure_skip_verify = true;
    RunningApp running = startApp(config);
    EXPECT_TRUE(receiver.waitForArrival());
}

TEST_F(RemoteWriteTls, PresentsTheClientCertificateAReceiverDemands) {
    TlsReceiver receiver("server", kTlsDir + "ca.pem");
    Config config = configFor(receiver);
    config.remote_write.tls_cert_file = kTlsDir + "client.pem";
    config.remote_write.tls_key_file = kTlsDir + "client.key";
    RunningApp running = startApp(config);
    ASSERT_TRUE(receiver.waitForArrival());
    EXPECT_EQ(receiver.arrivals().front().client_common_name, "prometheus");
}

TEST_F(RemoteWriteTls, WithoutAClientCertificateAReceiverThatDemandsOneGetsNothing) {
    TlsReceiver receiver("server", kTlsDir + "ca.pem");
    RunningApp running = startApp(configFor(receiver));
    const nlohmann::json status = statusAfterAFailedSend(running.port);
    ASSERT_GT(failedSends(status), 0u) << status.dump();
    EXPECT_TRUE(receiver.arrivals().empty());
}

// The writer reads its files again whenever it connects (a rotated token is picked up), as the
// config file is read: one that has become a FIFO since the config was loaded held the start
// forever. Now the start goes on and the status says why nothing is sent.
#ifndef _WIN32
TEST_F(RemoteWriteTls, ATokenFileThatBecameAFifoDoesNotHoldTheStart) {
    TlsReceiver receiver("server");
    Config config = configFor(receiver);
    config.remote_write.bearer_token_file = (scratch_.path() / "token-fifo").string();
    ASSERT_TRUE(test::makeFifo(config.remote_write.bearer_token_file));
    std::unique_ptr<App> app;
    Result<std::uint16_t> started = std::uint16_t{0};
    EXPECT_TRUE(
        test::returnsWithin(std::chrono::seconds(10), config.remote_write.bearer_token_file, [&] {
            app = std::make_unique<App>(config, RuntimeInfo{});
            started = app->start();
        }));
    ASSERT_TRUE(started.ok()) << started.error().describe();
    const nlohmann::json status = statusAfterAFailedSend(started.value());
    EXPECT_NE(lastError(status).find("cannot read bearer_token_file"), std::string::npos)
        << status.dump();
    EXPECT_NE(lastError(status).find("is not a regular file"), std::string::npos) << status.dump();
    EXPECT_TRUE(receiver.arrivals().empty());
    app->stop();
}
#endif

// A token file emptied after the config was loaded: nothing is sent with "Bearer " and no token;
// the status says why.
TEST_F(RemoteWriteTls, AnEmptiedTokenFileSendsNothingAndTheStatusSaysWhy) {
    TlsReceiver receiver("server");
    Config config = configFor(receiver);
    config.remote_write.bearer_token_file = secretFile("token", " \n");
    RunningApp running = startApp(config);
    const nlohmann::json status = statusAfterAFailedSend(running.port);
    EXPECT_NE(lastError(status).find("bearer_token_file '" + config.remote_write.bearer_token_file +
                                     "' is empty"),
              std::string::npos)
        << status.dump();
    EXPECT_TRUE(receiver.arrivals().empty());
}

}  // namespace sysmetrics
