#include <gtest/gtest.h>

#include "config/command_line.h"
#include "config/config.h"
#include "config/secret_hash.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

// A well-formed hash (the key is not the hash of anything in particular).
const std::string kHash =
    "pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"
    "0000000000000000000000000000000000000000000000000000000000000000";

ConfigResult<Config> apply(const std::string& json) {
    return applyConfigJson(defaultConfig(), json, "test.json");
}

std::string applyError(const std::string& json) {
    auto result = apply(json);
    return result.ok() ? "" : result.error().message;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST(WebConfig, DefaultsServeEverythingOnOneAddressWithoutAuthOrTls) {
    const Config config = defaultConfig();
    EXPECT_EQ(config.web.api_listen.mode, ApiListen::Mode::shared);
    EXPECT_FALSE(config.web.tls.enabled());
    EXPECT_FALSE(config.web.auth.hasCredentials());
    EXPECT_FALSE(config.web.auth.require_metrics);
    EXPECT_EQ(config.web.limits.max_connections, 32u);
    EXPECT_EQ(config.web.limits.read_timeout.count(), 10);
}

TEST(WebConfig, CredentialsProtectMetricsAndApiButNotHealthzByDefault) {
    auto config = apply(R"({"web": {"auth": {"tokens": [")" + kHash + R"("]}}})");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->web.auth.require_metrics);
    EXPECT_TRUE(config->web.auth.require_api);
    EXPECT_FALSE(config->web.auth.require_healthz);
}

TEST(WebConfig, RequireChoosesTheProtectedAreas) {
    auto config = apply(R"({"web": {"auth": {"users": {"prom": ")" + kHash +
                        R"("}, "require": ["api", "healthz"]}}})");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_FALSE(config->web.auth.require_metrics);
    EXPECT_TRUE(config->web.auth.require_api);
    EXPECT_TRUE(config->web.auth.require_healthz);
    EXPECT_EQ(config->web.auth.user_hashes.at("prom"), kHash);
}

TEST(WebConfig, PlainTextSecretsAreRefusedWithoutEchoingThem) {
    const std::string error = applyError(R"({"web": {"auth": {"tokens": ["s3cret-token"]}}})");
    EXPECT_TRUE(contains(error, "key 'web.auth.tokens[0]'")) << error;
    EXPECT_TRUE(contains(error, "plain-text secrets are not accepted")) << error;
    EXPECT_FALSE(contains(error, "s3cret")) << error;
    EXPECT_TRUE(contains(applyError(R"({"web": {"auth": {"users": {"a": "hunter2"}}}})"),
                         "key 'web.auth.users.a'"));
}

TEST(WebConfig, MalformedHashesNameTheirFault) {
    EXPECT_TRUE(contains(parseSecretHash("pbkdf2-sha256$0$00112233445566778899$00").error().message,
                         "iteration count"));
    EXPECT_TRUE(contains(parseSecretHash("pbkdf2-sha256$10$0011$00").error().message, "salt"));
    EXPECT_TRUE(contains(
        parseSecretHash("pbkdf2-sha256$10$00112233445566778899$abcd").error().message, "key"));
    EXPECT_TRUE(contains(
        parseSecretHash("pbkdf2-sha256$10$0011223344556677zz$abcd").error().message, "salt"));
    auto parsed = parseSecretHash(kHash);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->iterations, 1000u);
    EXPECT_EQ(parsed->salt.size(), 16u);
    EXPECT_EQ(formatSecretHash(parsed.value()), kHash);
}

TEST(WebConfig, RequireWithoutCredentialsOrUnknownAreasIsAnError) {
    EXPECT_TRUE(contains(applyError(R"({"web": {"auth": {"require": ["metrics"]}}})"),
                         "neither 'web.auth.tokens' nor 'web.auth.users'"));
    EXPECT_TRUE(contains(
        applyError(R"({"web": {"auth": {"tokens": [")" + kHash + R"("], "require": ["all"]}}})"),
        "may name only"));
    EXPECT_TRUE(contains(applyError(R"({"web": {"auth": {"users": {"a:b": ")" + kHash + R"("}}}})"),
                         "contains ':'"));
}

// The message used to dump() the value, which recursed once per level: 100,000 nested arrays
// crashed check-config, and a reload the running service.
TEST(WebConfig, ADeepValueInRequireIsNamedByItsTypeNotDumped) {
    const std::string auth = R"({"web": {"auth": {"tokens": [")" + kHash + R"("], "require": )";
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_EQ(applyError(auth + deep + "}}}"),
              "test.json: key 'web.auth.require' may name only \"metrics\", \"api\" and "
              "\"healthz\", got an array");
    EXPECT_TRUE(contains(applyError(auth + R"(["api", {"a": )" + deep + "}]}}}"), "got an object"));
    // Scalars are shown, a long one cut short.
    EXPECT_TRUE(contains(applyError(auth + "[7]}}}"), "got 7"));
    const std::string long_area = applyError(auth + R"([")" + std::string(1000, 'x') + R"("]}}})");
    EXPECT_TRUE(contains(long_area, "got \"" + std::string(63, 'x') + "...")) << long_area;
    EXPECT_LT(long_area.size(), 200u) << long_area;
}

TEST(WebConfig, TlsFilesGoTogether) {
    EXPECT_TRUE(contains(applyError(R"({"web": {"tls": {"cert_file": "c.pem"}}})"), "go together"));
    EXPECT_TRUE(
        contains(applyError(R"({"web": {"tls": {"client_ca_file": "ca.pem"}}})"), "needs TLS"));
    auto config = apply(R"({"web": {"tls": {"cert_file": "c.pem", "key_file": "k.pem"}}})");
    ASSERT_TRUE(config.ok());
    EXPECT_TRUE(config->web.tls.enabled());
}

TEST(WebConfig, ApiListenSharedOffOrItsOwnAddress) {
    auto off = apply(R"({"web": {"api_listen": "off"}})");
    ASSERT_TRUE(off.ok());
    EXPECT_EQ(off->web.api_listen.mode, ApiListen::Mode::disabled);
    auto own = apply(R"({"web": {"api_listen": "127.0.0.1:9186"}})");
    ASSERT_TRUE(own.ok());
    EXPECT_EQ(own->web.api_listen.mode, ApiListen::Mode::separate);
    EXPECT_EQ(own->web.api_listen.address.port, 9186);
    EXPECT_TRUE(
        contains(applyError(R"({"web": {"api_listen": "nowhere"}})"), "key 'web.api_listen'"));
    EXPECT_TRUE(
        contains(applyError(R"({"listen": "0.0.0.0:9185", "web": {"api_listen": "0.0.0.0:9185"}})"),
                 "same address as 'listen'"));
}

// listen on 0.0.0.0 and web.api_listen on 127.0.0.1 with the same port: check-config said valid,
// and the start failed with a misleading "port is in use (another program, or another
// sysmetrics)". A wildcard host takes the port on the other's address too.
TEST(WebConfig, ApiListenOnAPortAWildcardListenTakesIsAnError) {
    const auto clash = [](const std::string& listen, const std::string& api) {
        return applyError(R"({"listen": ")" + listen + R"(", "web": {"api_listen": ")" + api +
                          R"("}})");
    };
    const std::string error = clash("0.0.0.0:9185", "127.0.0.1:9185");
    EXPECT_TRUE(contains(error,
                         "key 'web.api_listen' (127.0.0.1:9185) and 'listen' "
                         "(0.0.0.0:9185) are on the same port"))
        << error;
    EXPECT_NE(clash("127.0.0.1:9185", "0.0.0.0:9185"), "");
    EXPECT_NE(clash("[::]:9185", "127.0.0.1:9185"), "");  // IPv6 listeners take IPv4 too
    EXPECT_NE(clash("0.0.0.0:9185", "[::]:9185"), "");
    EXPECT_NE(clash("[::1]:9185", "[::]:9185"), "");
    EXPECT_NE(clash("[::]:9185", "localhost:9185"), "");

    EXPECT_EQ(clash("0.0.0.0:9185", "127.0.0.1:9186"), "");  // another port
    EXPECT_EQ(clash("127.0.0.1:9185", "127.0.0.2:9185"), "");
    EXPECT_EQ(clash("0.0.0.0:9185", "[::1]:9185"), "");  // 0.0.0.0 is IPv4 only
    EXPECT_EQ(clash("0.0.0.0:0", "127.0.0.1:0"), "");    // port 0 takes a free port each
}

TEST(WebConfig, ApiListenClashWithTheListenFlagIsAnError) {
    const std::string path = ::testing::TempDir() + "web_clash.json";
    FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fputs(R"({"web": {"api_listen": "127.0.0.1:9300"}})", file);
    std::fclose(file);
    // The same address, or a wildcard that takes the API's port too.
    const std::pair<const char*, const char*> cases[] = {
        {"127.0.0.1:9300", "same address"},
        {"0.0.0.0:9300",
         "flag --listen: key 'web.api_listen' (127.0.0.1:9300) and 'listen' "
         "(0.0.0.0:9300) are on the same port"}};
    for (const auto& [listen, expected] : cases) {
        CommandLine line;
        line.listen = listen;
        line.config_path = path;
        auto config = resolveConfig(line, defaultConfig(), "");
        ASSERT_FALSE(config.ok()) << listen;
        EXPECT_TRUE(contains(config.error().message, expected)) << config.error().message;
    }
}

TEST(WebConfig, LimitsAreBounded) {
    EXPECT_TRUE(contains(applyError(R"({"web": {"max_connections": 0}})"),
                         "'web.max_connections' must be a whole number from 1 to 10000"));
    EXPECT_TRUE(contains(applyError(R"({"web": {"read_timeout_seconds": 2.5}})"),
                         "'web.read_timeout_seconds' must be a whole number"));
    EXPECT_TRUE(contains(applyError(R"({"web": {"colour": 1}})"), "unknown key 'web.colour'"));
    auto config = apply(R"({"web": {"max_connections": 4, "keep_alive_timeout_seconds": 2}})");
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->web.limits.max_connections, 4u);
    EXPECT_EQ(config->web.limits.keep_alive_timeout.count(), 2);
}

TEST(WebConfig, DefaultConfigFileRoundTrips) {
    auto config = apply(defaultConfigJson());
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->web.limits.max_connections, 32u);
    EXPECT_EQ(config->web.api_listen.mode, ApiListen::Mode::shared);
}

}  // namespace sysmetrics

namespace sysmetrics {

TEST(WebConfig, CorsOriginsAreOffByDefaultAndMustBeOrigins) {
    EXPECT_TRUE(defaultConfig().web.cors.origins.empty());
    auto config = apply(R"({"web": {"cors": {"origins": ["https://grafana.example:3000", "*"]}}})");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config.value().web.cors.origins,
              (std::vector<std::string>{"https://grafana.example:3000", "*"}));

    EXPECT_TRUE(contains(applyError(R"({"web": {"cors": {"origins": ["https://grafana/"]}}})"),
                         "'web.cors.origins[0]' is \"https://grafana/\", not an origin"));
    EXPECT_TRUE(contains(applyError(R"({"web": {"cors": {"origins": ["grafana:3000"]}}})"),
                         "not an origin"));
    EXPECT_TRUE(
        contains(applyError(R"({"web": {"cors": {"origins": "*"}}})"), "'web.cors.origins'"));
    EXPECT_TRUE(contains(applyError(R"({"web": {"cors": {"origin": []}}})"), "web.cors.origin"));
}

}  // namespace sysmetrics
