#include "http/server/http_types.h"

#include "http/server/json_response.h"

namespace sysmetrics {

std::vector<std::string> HttpRequest::paramValues(const std::string& name) const {
    std::vector<std::string> values;
    const auto range = params.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) {
        values.push_back(it->second);
    }
    return values;
}

std::string HttpRequest::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

HttpResponse jsonError(int status, const std::string& error, const std::string& message) {
    return jsonResponse({{"status", status}, {"error", error}, {"message", message}}, status);
}

}  // namespace sysmetrics
