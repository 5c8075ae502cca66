// check-config runs the start's own checks where they have no side effect, so that a
// configuration it calls valid also starts (service/start_checks.h).
#include "service/start_checks.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "service/collector_catalog.h"
#include "tests/common/scratch_dir.h"

namespace sysmetrics {

namespace {

const std::string kTlsDir = std::string(SYSMETRICS_SOURCE_DIR) + "/tests/data/tls/";

// The message checkStartable gives, "" when it finds nothing wrong.
std::string startProblem(const Config& config) {
    auto status = checkStartable(config);
    return status.ok() ? "" : status.error().message;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

Config withTls(const std::string& cert, const std::string& key) {
    Config config = defaultConfig();
    config.web.tls.cert_file = cert;
    config.web.tls.key_file = key;
    return config;
}

}  // namespace

TEST(StartChecks, TheDefaultConfigurationStarts) {
    EXPECT_EQ(startProblem(defaultConfig()), "");
}

// check-config said valid for TLS files the start then refused: missing, not PEM, or a key that
// is not the certificate's.
TEST(StartChecks, WebTlsFilesAreLoadedAsACertificateAndItsKey) {
    EXPECT_EQ(startProblem(withTls(kTlsDir + "server.pem", kTlsDir + "server.key")), "");
    Config mutual = withTls(kTlsDir + "server.pem", kTlsDir + "server.key");
    mutual.web.tls.client_ca_file = kTlsDir + "ca.pem";
    EXPECT_EQ(startProblem(mutual), "");

    const test::ScratchDir scratch;
    const std::string missing = (scratch.path() / "missing.pem").string();
    const std::string absent = startProblem(withTls(missing, kTlsDir + "server.key"));
    EXPECT_TRUE(contains(absent, "web.tls.cert_file: open " + missing)) << absent;

    const std::string other_key =
        startProblem(withTls(kTlsDir + "server.pem", kTlsDir + "client.key"));
    EXPECT_TRUE(contains(other_key, "cannot use cert_file '" + kTlsDir +
                                        "server.pem' with key_file '" + kTlsDir + "client.key'"))
        << other_key;

    const std::string text = (scratch.path() / "cert.txt").string();
    std::ofstream(text) << "not a certificate\n";
    const std::string not_pem = startProblem(withTls(text, kTlsDir + "server.key"));
    EXPECT_TRUE(contains(not_pem, "cannot use cert_file '" + text + "'")) << not_pem;
}

}  // namespace sysmetrics
