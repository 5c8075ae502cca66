#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/server/http_types.h"

namespace sysmetrics {

// The methods every path answers (Allow, Access-Control-Allow-Methods, the 405's message).
inline constexpr const char* kAllowedMethods = "GET, HEAD, OPTIONS";

// Which other origins' pages may read our answers (web.cors.origins): exact origins such as
// "https://grafana.example.com:3000", or "*" for any. Empty: none (browsers enforce it).
struct CorsPolicy {
    std::vector<std::string> origins;
    bool enabled() const { return !origins.empty(); }
    bool allows(const std::string& origin) const;
};

// The answer to OPTIONS: a CORS preflight (Origin + Access-Control-Request-Method) gets the
// allowed methods and headers when its origin is allowed; any other OPTIONS gets the Allow list.
// Given before authentication, because browsers never send credentials on a preflight. The
// origin's own headers are addCorsHeaders', as on every answer: a browser refuses a preflight
// whose Access-Control-Allow-Origin comes twice.
HttpResponse optionsAnswer(const HttpRequest& request, const CorsPolicy& cors);

// For every answer, preflights too: Vary: Origin where CORS is on, and
// Access-Control-Allow-Origin, -Allow-Credentials and -Expose-Headers when the request's Origin
// is allowed.
void addCorsHeaders(HttpResponse& response, const HttpRequest& request, const CorsPolicy& cors);

// How long an answer stays current: when its data was collected and when the next collection
// is due. A negative max_age means "revalidate every time" (no-cache).
struct Freshness {
    double last_modified = 0;  // unix seconds, 0 = unknown
    double max_age_seconds = -1;
};

// For a 200 JSON answer (and the page's files): Date, Cache-Control, Last-Modified and an ETag from
// the body's bytes (each encoding its own tag); a request whose If-None-Match names the tag gets
// 304 without a body. Then gzip when the client accepts it and it saves bytes. Other answers get
// addErrorHeaders'.
void finishJsonAnswer(HttpResponse& response, const HttpRequest& request,
                      const Freshness& freshness, double wall_now);

// For every error answer, wherever it is made (a route, the router, cpp-httplib's own, the
// front's): Date, and Cache-Control: no-store, so that no cache keeps a refusal.
void addErrorHeaders(HttpResponse& response, double wall_now);

}  // namespace sysmetrics
