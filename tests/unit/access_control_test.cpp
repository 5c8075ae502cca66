#include "http/server/access_control.h"
#include "service/collector_catalog.h"

#include <gtest/gtest.h>

#include "http/router.h"
#include "http/server/secret_check.h"

namespace sysmetrics {

namespace {

std::string hashOf(const std::string& secret, std::uint32_t iterations = 1000) {
    auto hash = hashSecret(secret, iterations);
    EXPECT_TRUE(hash.ok());
    return formatSecretHash(hash.value());
}

std::string basic(const std::string& user_colon_password) {
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    const std::string& s = user_colon_password;
    for (; i + 2 < s.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(s[i]) << 16) |
                           (static_cast<unsigned char>(s[i + 1]) << 8) |
                           static_cast<unsigned char>(s[i + 2]);
        for (int shift : {18, 12, 6, 0}) {
            out.push_back(kAlphabet[(v >> shift) & 63]);
        }
    }
    const std::size_t rest = s.size() - i;
    if (rest > 0) {
        unsigned v = static_cast<unsigned char>(s[i]) << 16;
        if (rest == 2) {
            v |= static_cast<unsigned char>(s[i + 1]) << 8;
        }
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
        out.push_back('=');
    }
    return "Basic " + out;
}

AuthConfig authWith(const std::string& token, const std::string& user,
                    const std::string& password) {
    AuthConfig auth;
    auth.token_hashes.push_back(hashOf(token));
    auth.token_hashes.push_back(hashOf("another-token"));
    auth.user_hashes[user] = hashOf(password);
    auth.require_metrics = auth.require_api = true;
    return auth;
}

HttpRequest get(const std::string& path, const std::string& authorization = "") {
    HttpRequest request;
    request.path = path;
    if (!authorization.empty()) {
        request.headers["authorization"] = authorization;
    }
    return request;
}

}  // namespace

TEST(SecretCheck, AHashMatchesOnlyItsSecretAndEachHashHasItsOwnSalt) {
    auto first = hashSecret("correct horse", 1000);
    auto second = hashSecret("correct horse", 1000);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_NE(first->salt, second->salt);
    EXPECT_NE(first->key, second->key);
    EXPECT_TRUE(secretMatches(first.value(), "correct horse"));
    EXPECT_FALSE(secretMatches(first.value(), "correct horse "));
    EXPECT_FALSE(secretMatches(first.value(), ""));
    auto reparsed = parseSecretHash(formatSecretHash(first.value()));
    ASSERT_TRUE(reparsed.ok());
    EXPECT_TRUE(secretMatches(reparsed.value(), "correct horse"));
}

TEST(SecretCheck, KnownPbkdf2Vector) {
    // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
    auto hash = hashSecretWithSalt("passwd", "salt", 1);
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(toHex(hash->key), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
}

TEST(SecretCheck, TokensAreLongRandomAndUrlSafe) {
    auto a = generateToken();
    auto b = generateToken();
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->size(), 43u);  // 32 bytes in unpadded base64
    EXPECT_NE(a.value(), b.value());
    EXPECT_EQ(
        a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
}

TEST(SecretCheck, ConstantTimeEqualsComparesWholeStrings) {
    EXPECT_TRUE(constantTimeEquals("abc", "abc"));
    EXPECT_FALSE(constantTimeEquals("abc", "abd"));
    EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
}

TEST(Base64, DecodesStrictlyStandardBase64) {
    EXPECT_EQ(decodeBase64("cHJvbTpzM2NyZXQ=").value(), "prom:s3cret");
    EXPECT_EQ(decodeBase64("YQ==").value(), "a");
    EXPECT_EQ(decodeBase64("").value(), "");
    EXPECT_FALSE(decodeBase64("YQ=").has_value());
    EXPECT_FALSE(decodeBase64("Y=Q=").has_value());
    EXPECT_FALSE(decodeBase64("YQ-_").has_value());
    EXPECT_FALSE(decodeBase64("====").has_value());
}

TEST(Base64, EncodesStandardBase64WithPaddingThatDecodesBack) {
    EXPECT_EQ(encodeBase64("pusher:pa:ss word"), "cHVzaGVyOnBhOnNzIHdvcmQ=");
    EXPECT_EQ(encodeBase64("a"), "YQ==");
    EXPECT_EQ(encodeBase64(""), "");
    const std::string binary("\xfb\xff\x00\x3e", 4);
    EXPECT_EQ(encodeBase64(binary), "+/8APg==");
    EXPECT_EQ(decodeBase64(encodeBase64(binary)).value(), binary);
    EXPECT_EQ(encodeBase64Url(binary), "-_8APg");
}

TEST(AccessControl, AdmitsConfiguredTokensAndUsersOnly) {
    AccessControl control(authWith("tok-123", "prom", "s3cret"));
    EXPECT_TRUE(control.admits("Bearer tok-123"));
    EXPECT_TRUE(control.admits("bearer tok-123"));
    EXPECT_TRUE(control.admits("Bearer another-token"));
    EXPECT_TRUE(control.admits(basic("prom:s3cret")));
    EXPECT_TRUE(control.admits(basic("prom:s3cret")));  // the remembered path
    EXPECT_FALSE(control.admits("Bearer tok-124"));
    EXPECT_FALSE(control.admits(basic("prom:s3cre")));
    EXPECT_FALSE(control.admits(basic("mallory:s3cret")));
    EXPECT_FALSE(control.admits(basic("prom")));
    EXPECT_FALSE(control.admits("Basic !!!!"));
    EXPECT_FALSE(control.admits("Digest tok-123"));
    EXPECT_FALSE(control.admits("tok-123"));
    EXPECT_FALSE(control.admits(""));
    EXPECT_FALSE(control.admits("Bearer " + std::string(10000, 'a')));
}

TEST(AccessControl, ASchemeWithNoCredentialsOfItsKindAdmitsNobody) {
    AuthConfig auth;
    auth.user_hashes["prom"] = hashOf("s3cret");
    auth.require_metrics = true;
    AccessControl control(auth);
    EXPECT_FALSE(control.admits("Bearer s3cret"));
    EXPECT_TRUE(control.admits(basic("prom:s3cret")));
}

TEST(AccessControl, RouterAnswers401WithAChallengeAndNoDetail) {
    auto store = std::make_shared<SnapshotStore>();
    RouterAccess access;
    access.control = std::make_shared<AccessControl>(authWith("tok-123", "prom", "s3cret"));
    Router router(store, MetricNaming::linux, RuntimeInfo{}, catalogHttp(), access);

    const HttpResponse denied = router.handle(get("/metrics", "Bearer wrong"));
    EXPECT_EQ(denied.status, 401);
    int challenges = 0;
    for (const auto& [name, value] : denied.headers) {
        challenges += name == "WWW-Authenticate";
    }
    EXPECT_EQ(challenges, 2);  // Basic and Bearer
    EXPECT_EQ(denied.body.find("wrong"), std::string::npos);
    EXPECT_EQ(router.handle(get("/api/v1/memory")).status, 401);
    EXPECT_EQ(router.handle(get("/")).status, 401);  // the page, as the API
    EXPECT_EQ(router.handle(get("/ui/app.js")).status, 401);
    EXPECT_EQ(router.handle(get("/ui/app.js", basic("prom:s3cret"))).status, 200);
    EXPECT_EQ(router.handle(get("/metrics", "Bearer tok-123")).status, 200);
    EXPECT_NE(router.handle(get("/api/v1/memory", basic("prom:s3cret"))).status, 401);
    EXPECT_NE(router.handle(get("/healthz")).status, 401);  // open unless required
    EXPECT_EQ(router.handle(get("/no/such/path")).status, 404);
}

TEST(AccessControl, ACorsPreflightIsAnsweredBeforeCredentials) {
    auto store = std::make_shared<SnapshotStore>();
    RouterAccess access;
    access.control = std::make_shared<AccessControl>(authWith("tok-123", "prom", "s3cret"));
    access.cors.origins = {"https://grafana.example"};
    Router router(store, MetricNaming::linux, RuntimeInfo{}, catalogHttp(), access);
    HttpRequest preflight = get("/api/v1/memory");
    preflight.method = "OPTIONS";
    preflight.headers["origin"] = "https://grafana.example";
    preflight.headers["access-control-request-method"] = "GET";
    const HttpResponse answer = router.handle(preflight);
    EXPECT_EQ(answer.status, 204);  // browsers never send credentials on a preflight
    // The real request still needs them, and its 401 is readable by the allowed page.
    HttpRequest real = get("/api/v1/memory");
    real.headers["origin"] = "https://grafana.example";
    const HttpResponse denied = router.handle(real);
    EXPECT_EQ(denied.status, 401);
    std::map<std::string, std::string> headers(denied.headers.begin(), denied.headers.end());
    EXPECT_EQ(headers["Access-Control-Allow-Origin"], "https://grafana.example");
}

TEST(AccessControl, MetricsAndApiCanHaveDifferentRequirements) {
    auto store = std::make_shared<SnapshotStore>();
    AuthConfig auth = authWith("tok-123", "prom", "s3cret");
    auth.require_metrics = false;
    auth.require_healthz = true;
    RouterAccess access;
    access.control = std::make_shared<AccessControl>(auth);
    Router router(store, MetricNaming::linux, RuntimeInfo{}, catalogHttp(), access);
    EXPECT_EQ(router.handle(get("/metrics")).status, 200);
    EXPECT_EQ(router.handle(get("/api/v1/collectors")).status, 401);
    EXPECT_EQ(router.handle(get("/healthz")).status, 401);
}

TEST(AccessControl, AnAddressServesOnlyItsAreas) {
    auto store = std::make_shared<SnapshotStore>();
    Router metrics_only(store, MetricNaming::linux, RuntimeInfo{}, catalogHttp(),
                        RouterAccess{nullptr, true, false, {}});
    EXPECT_EQ(metrics_only.handle(get("/metrics")).status, 200);
    EXPECT_EQ(metrics_only.handle(get("/api/v1/collectors")).status, 404);
    EXPECT_EQ(metrics_only.handle(get("/")).status, 404);
    EXPECT_NE(metrics_only.handle(get("/healthz")).status, 404);
    Router api_only(store, MetricNaming::linux, RuntimeInfo{}, catalogHttp(),
                    RouterAccess{nullptr, false, true, {}});
    EXPECT_EQ(api_only.handle(get("/metrics")).status, 404);
    EXPECT_EQ(api_only.handle(get("/api/v1/collectors")).status, 200);
}

}  // namespace sysmetrics
