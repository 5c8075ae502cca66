#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "gunzip.h"
#include "http/router.h"
#include "http/web/web_assets.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

HttpRequest get(const std::string& path, std::map<std::string, std::string> headers = {}) {
    HttpRequest request;
    request.path = path;
    request.headers = std::move(headers);
    return request;
}

std::string header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) {
            return value;
        }
    }
    return "";
}

struct WebPage : ::testing::Test {
    std::shared_ptr<SnapshotStore> store = std::make_shared<SnapshotStore>();
    Router router{store, MetricNaming::linux, RuntimeInfo{}, catalogHttp()};
};

}  // namespace

TEST_F(WebPage, TheIndexIsHtmlAndEveryFileItNamesIsServedWithItsType) {
    const HttpResponse index = router.handle(get("/"));
    ASSERT_EQ(index.status, 200);
    EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
    EXPECT_NE(index.body.find("<script defer src=\"/ui/app.js\"></script>"), std::string::npos);
    const std::regex reference("(src|href)=\"(/ui/[^\"]+)\"");
    std::set<std::string> named;
    for (auto it = std::sregex_iterator(index.body.begin(), index.body.end(), reference);
         it != std::sregex_iterator(); ++it) {
        named.insert((*it)[2]);
    }
    EXPECT_GE(named.size(), 10u);
    for (const auto& path : named) {
        const HttpResponse file = router.handle(get(path));
        EXPECT_EQ(file.status, 200) << path;
        EXPECT_FALSE(file.body.empty()) << path;
        const bool js = path.size() > 3 && path.compare(path.size() - 3, 3, ".js") == 0;
        EXPECT_EQ(file.content_type,
                  js ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
            << path;
        EXPECT_EQ(header(file, "X-Content-Type-Options"), "nosniff") << path;
    }
    EXPECT_EQ(router.handle(get("/ui/no-such-file.js")).status, 404);
}

TEST_F(WebPage, FilesAreTheCompiledInBytesGzippedOnRequestAndRevalidatedByETag) {
    const WebAsset* uplot = nullptr;
    for (const WebAsset* asset = webAssetsBegin(); asset != webAssetsEnd(); ++asset) {
        if (std::string(asset->path).find("uPlot.iife.min.js") != std::string::npos) {
            uplot = asset;
        }
    }
    ASSERT_NE(uplot, nullptr);
    const std::string bytes(reinterpret_cast<const char*>(uplot->data), uplot->size);
    const HttpResponse plain = router.handle(get(uplot->path));
    EXPECT_EQ(plain.body, bytes);
    EXPECT_EQ(header(plain, "Cache-Control"), "no-cache");  // revalidated at each load
    const HttpResponse zipped = router.handle(get(uplot->path, {{"accept-encoding", "gzip"}}));
    EXPECT_EQ(header(zipped, "Content-Encoding"), "gzip");
    EXPECT_LT(zipped.body.size(), bytes.size() / 2);
    EXPECT_EQ(gunzip(zipped.body), bytes);
    const std::string etag = header(zipped, "ETag");
    ASSERT_FALSE(etag.empty());
    const HttpResponse again =
        router.handle(get(uplot->path, {{"accept-encoding", "gzip"}, {"if-none-match", etag}}));
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
}

TEST_F(WebPage, IsNotServedWhereTheApiIsNot) {
    Router metrics_only(store, MetricNaming::linux, RuntimeInfo{}, catalogHttp(),
                        RouterAccess{nullptr, true, false, {}});
    EXPECT_EQ(metrics_only.handle(get("/")).status, 404);
    EXPECT_EQ(metrics_only.handle(get("/ui/app.js")).status, 404);
}

}  // namespace sysmetrics
