#include "http/server/browser_headers.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "http/server/gzip.h"
#include "http/server/http_date.h"

namespace sysmetrics {

namespace {

// Headers a dashboard's script may send: credentials and revalidation.
constexpr const char* kAllowedRequestHeaders = "Authorization, If-None-Match, If-Modified-Since";
// Headers a script may read beyond the CORS-safelisted ones.
constexpr const char* kExposedHeaders = "ETag, Last-Modified, Date";
// Below this, gzip's header and trailer eat what it saves.
constexpr std::size_t kMinGzipBytes = 512;

std::string bodyTag(const std::string& body) {
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a, 64 bits
    for (const unsigned char byte : body) {
        hash = (hash ^ byte) * 1099511628211ULL;
    }
    char text[24];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// If-None-Match uses weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored.
bool namesTag(const std::string& if_none_match, const std::string& etag) {
    std::size_t start = 0;
    while (start <= if_none_match.size()) {
        const auto comma = if_none_match.find(',', start);
        std::string candidate = trim(if_none_match.substr(
            start, comma == std::string::npos ? std::string::npos : comma - start));
        if (candidate == "*") {
            return true;
        }
        if (candidate.rfind("W/", 0) == 0) {
            candidate.erase(0, 2);
        }
        if (candidate == etag) {
            return true;
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return false;
}

void addVary(HttpResponse& response, const std::string& field) {
    for (auto& [name, value] : response.headers) {
        if (name == "Vary") {
            if (value.find(field) == std::string::npos) {
                value += ", " + field;
            }
            return;
        }
    }
    response.headers.emplace_back("Vary", field);
}

}  // namespace

bool CorsPolicy::allows(const std::string& origin) const {
    if (origin.empty()) {
        return false;
    }
    return std::any_of(origins.begin(), origins.end(), [&](const std::string& allowed) {
        return allowed == "*" || allowed == origin;
    });
}

HttpResponse optionsAnswer(const HttpRequest& request, const CorsPolicy& cors) {
    HttpResponse response;
    response.status = 204;
    response.content_type.clear();
    response.headers.emplace_back("Allow", kAllowedMethods);
    const std::string origin = request.header("origin");
    const bool preflight = !request.header("access-control-request-method").empty();
    if (preflight && cors.allows(origin)) {
        response.headers.emplace_back("Access-Control-Allow-Methods", kAllowedMethods);
        response.headers.emplace_back("Access-Control-Allow-Headers", kAllowedRequestHeaders);
        response.headers.emplace_back("Access-Control-Max-Age", "600");
    }
    return response;
}

void addCorsHeaders(HttpResponse& response, const HttpRequest& request, const CorsPolicy& cors) {
    if (!cors.enabled()) {
        return;
    }
    addVary(response, "Origin");
    const std::string origin = request.header("origin");
    if (!cors.allows(origin)) {
        return;
    }
    // The origin itself rather than "*", so that requests with credentials are readable too.
    response.headers.emplace_back("Access-Control-Allow-Origin", origin);
    response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
    response.headers.emplace_back("Access-Control-Expose-Headers", kExposedHeaders);
}

void addErrorHeaders(HttpResponse& response, double wall_now) {
    response.headers.emplace_back("Date", httpDate(wall_now));
    response.headers.emplace_back("Cache-Control", "no-store");
}

void finishJsonAnswer(HttpResponse& response, const HttpRequest& request,
                      const Freshness& freshness, double wall_now) {
    if (response.status != 200) {
        addErrorHeaders(response, wall_now);
        return;
    }
    response.headers.emplace_back("Date", httpDate(wall_now));
    const bool gzip =
        response.body.size() >= kMinGzipBytes && acceptsGzip(request.header("accept-encoding"));
    const std::string etag = "\"" + bodyTag(response.body) + (gzip ? "-gzip\"" : "\"");
    addVary(response, "Accept-Encoding");
    response.headers.emplace_back("ETag", etag);
    if (freshness.max_age_seconds >= 0) {
        const auto seconds = static_cast<long long>(std::floor(freshness.max_age_seconds));
        response.headers.emplace_back("Cache-Control", "max-age=" + std::to_string(seconds));
    } else {
        response.headers.emplace_back("Cache-Control", "no-cache");
    }
    if (freshness.last_modified > 0) {
        response.headers.emplace_back("Last-Modified", httpDate(freshness.last_modified));
    }
    if (namesTag(request.header("if-none-match"), etag)) {
        response.status = 304;
        response.body.clear();
        return;
    }
    if (!gzip) {
        return;
    }
    const auto part = deflatePart(response.body);
    const auto compressed = part ? gzipJoin(*part, "") : std::nullopt;
    if (compressed) {
        response.body = *compressed;
        response.headers.emplace_back("Content-Encoding", "gzip");
    }
}

}  // namespace sysmetrics
