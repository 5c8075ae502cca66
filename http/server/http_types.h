#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sysmetrics {

// The server-independent request and response the routes work on, so routing and rendering are
// tested without sockets and only http/server/server.cpp sees cpp-httplib.
struct HttpRequest {
    std::string method = "GET";
    std::string path = "/";
    std::multimap<std::string, std::string> params;
    std::map<std::string, std::string> headers;  // names lower-case

    std::vector<std::string> paramValues(const std::string& name) const;
    std::string header(const std::string& lower_name) const;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

// {"status":404,"error":"not_found","message":"..."}
HttpResponse jsonError(int status, const std::string& error, const std::string& message);

}  // namespace sysmetrics
