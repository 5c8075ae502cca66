#include "http/server/browser_headers.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "gunzip.h"
#include "http/server/http_date.h"

namespace sysmetrics {

namespace {

std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) {
            return value;
        }
    }
    return "";
}

HttpRequest request(std::map<std::string, std::string> headers) {
    HttpRequest out;
    out.path = "/api/v1/memory";
    out.headers = std::move(headers);
    return out;
}

HttpResponse jsonAnswer(std::string body) {
    HttpResponse response;
    response.content_type = kJsonContentType;
    response.body = std::move(body);
    return response;
}

}  // namespace

TEST(HttpDate, FormatsImfFixdateInGmt) {
    EXPECT_EQ(httpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    EXPECT_EQ(httpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");    // RFC 9110's example
    EXPECT_EQ(httpDate(951782400.9), "Tue, 29 Feb 2000 00:00:00 GMT");  // a leap day
    EXPECT_EQ(httpDate(4102444799), "Thu, 31 Dec 2099 23:59:59 GMT");
}

TEST(BrowserHeaders, AnAnswerCarriesValidatorsAndFreshness) {
    HttpResponse response = jsonAnswer("{\"a\":1}\n");
    finishJsonAnswer(response, request({}), Freshness{784111777, 4.7}, 784111780);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(header(response, "Date"), "Sun, 06 Nov 1994 08:49:40 GMT");
    EXPECT_EQ(header(response, "Last-Modified"), "Sun, 06 Nov 1994 08:49:37 GMT");
    EXPECT_EQ(header(response, "Cache-Control"), "max-age=4");
    const std::string etag = header(response, "ETag");
    ASSERT_EQ(etag.size(), 18u) << etag;
    EXPECT_EQ(etag.front(), '"');

    HttpResponse same = jsonAnswer("{\"a\":1}\n");
    finishJsonAnswer(same, request({}), Freshness{}, 0);
    EXPECT_EQ(header(same, "ETag"), etag);  // the tag follows the bytes, nothing else
    EXPECT_EQ(header(same, "Cache-Control"), "no-cache");
    EXPECT_EQ(header(same, "Last-Modified"), "");
    HttpResponse other = jsonAnswer("{\"a\":2}\n");
    finishJsonAnswer(other, request({}), Freshness{}, 0);
    EXPECT_NE(header(other, "ETag"), etag);
}

TEST(BrowserHeaders, IfNoneMatchNamingTheTagGets304WithoutABody) {
    HttpResponse first = jsonAnswer("{\"a\":1}\n");
    finishJsonAnswer(first, request({}), Freshness{}, 0);
    const std::string etag = header(first, "ETag");
    for (const std::string& sent :
         {etag, "W/" + etag, "\"x\", " + etag, std::string("*"), "\"x\" ,W/" + etag}) {
        HttpResponse again = jsonAnswer("{\"a\":1}\n");
        finishJsonAnswer(again, request({{"if-none-match", sent}}), Freshness{}, 0);
        EXPECT_EQ(again.status, 304) << sent;
        EXPECT_TRUE(again.body.empty());
        EXPECT_EQ(header(again, "ETag"), etag);
    }
    HttpResponse changed = jsonAnswer("{\"a\":2}\n");
    finishJsonAnswer(changed, request({{"if-none-match", etag}}), Freshness{}, 0);
    EXPECT_EQ(changed.status, 200);
    EXPECT_EQ(changed.body, "{\"a\":2}\n");
}

TEST(BrowserHeaders, LargeAnswersAreGzippedWhenAcceptedWithTheirOwnTag) {
    std::string body = "[";
    for (int i = 0; i < 200; i++) {
        body += "{\"pid\":" + std::to_string(i) + ",\"name\":\"worker\"},";
    }
    body += "{}]\n";
    HttpResponse plain = jsonAnswer(body);
    finishJsonAnswer(plain, request({}), Freshness{}, 0);
    EXPECT_EQ(header(plain, "Content-Encoding"), "");
    EXPECT_EQ(header(plain, "Vary"), "Accept-Encoding");

    HttpResponse zipped = jsonAnswer(body);
    finishJsonAnswer(zipped, request({{"accept-encoding", "br, gzip"}}), Freshness{}, 0);
    EXPECT_EQ(header(zipped, "Content-Encoding"), "gzip");
    EXPECT_LT(zipped.body.size(), body.size() / 4);
    EXPECT_EQ(gunzip(zipped.body), body);
    EXPECT_NE(header(zipped, "ETag"), header(plain, "ETag"));

    HttpResponse refused = jsonAnswer(body);
    finishJsonAnswer(refused, request({{"accept-encoding", "gzip;q=0"}}), Freshness{}, 0);
    EXPECT_EQ(header(refused, "Content-Encoding"), "");

    HttpResponse small = jsonAnswer("{\"a\":1}\n");
    finishJsonAnswer(small, request({{"accept-encoding", "gzip"}}), Freshness{}, 0);
    EXPECT_EQ(header(small, "Content-Encoding"), "");  // gzip would make it bigger
}

TEST(BrowserHeaders, ErrorsAreNeverCached) {
    HttpResponse error = jsonError(503, "not_ready", "no data yet");
    finishJsonAnswer(error, request({{"if-none-match", "*"}}), Freshness{1, 5}, 2);
    EXPECT_EQ(error.status, 503);
    EXPECT_EQ(header(error, "Cache-Control"), "no-store");
    EXPECT_EQ(header(error, "ETag"), "");
    EXPECT_EQ(header(error, "Date"), "Thu, 01 Jan 1970 00:00:02 GMT");
}

TEST(BrowserHeaders, CorsAllowsOnlyConfiguredOrigins) {
    const CorsPolicy cors{{"https://grafana.example:3000"}};
    HttpResponse allowed = jsonAnswer("{}");
    addCorsHeaders(allowed, request({{"origin", "https://grafana.example:3000"}}), cors);
    EXPECT_EQ(header(allowed, "Access-Control-Allow-Origin"), "https://grafana.example:3000");
    EXPECT_EQ(header(allowed, "Vary"), "Origin");

    HttpResponse other = jsonAnswer("{}");
    addCorsHeaders(other, request({{"origin", "https://evil.example"}}), cors);
    EXPECT_EQ(header(other, "Access-Control-Allow-Origin"), "");
    EXPECT_EQ(header(other, "Vary"), "Origin");  // a cache must not reuse it for another origin

    HttpResponse off = jsonAnswer("{}");
    addCorsHeaders(off, request({{"origin", "https://grafana.example:3000"}}), CorsPolicy{});
    EXPECT_TRUE(off.headers.empty());

    HttpResponse any = jsonAnswer("{}");
    addCorsHeaders(any, request({{"origin", "http://localhost:8080"}}), CorsPolicy{{"*"}});
    EXPECT_EQ(header(any, "Access-Control-Allow-Origin"), "http://localhost:8080");
}

TEST(BrowserHeaders, PreflightIsAnsweredForAllowedOriginsOnly) {
    const CorsPolicy cors{{"https://grafana.example:3000"}};
    HttpRequest preflight = request({{"origin", "https://grafana.example:3000"},
                                     {"access-control-request-method", "GET"},
                                     {"access-control-request-headers", "authorization"}});
    preflight.method = "OPTIONS";
    HttpResponse yes = optionsAnswer(preflight, cors);
    addCorsHeaders(yes, preflight, cors);  // as the router does for every answer
    EXPECT_EQ(yes.status, 204);
    EXPECT_TRUE(yes.body.empty());
    EXPECT_EQ(header(yes, "Access-Control-Allow-Origin"), "https://grafana.example:3000");
    EXPECT_EQ(header(yes, "Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
    EXPECT_NE(header(yes, "Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
    // Browsers refuse a preflight answer that names the origin twice.
    for (const char* once : {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                             "Access-Control-Allow-Methods", "Vary"}) {
        EXPECT_EQ(std::count_if(yes.headers.begin(), yes.headers.end(),
                                [&](const auto& h) { return h.first == once; }),
                  1)
            << once;
    }

    preflight.headers["origin"] = "https://evil.example";
    const HttpResponse no = optionsAnswer(preflight, cors);
    EXPECT_EQ(no.status, 204);
    EXPECT_EQ(header(no, "Access-Control-Allow-Origin"), "");
    EXPECT_EQ(header(no, "Allow"), "GET, HEAD, OPTIONS");
}

}  // namespace sysmetrics
