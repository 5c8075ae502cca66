#pragma once

#include <nlohmann/json.hpp>

#include "http/server/http_types.h"

namespace sysmetrics {

// Serializes without ever throwing: invalid UTF-8 from the OS becomes U+FFFD.
HttpResponse jsonResponse(const nlohmann::json& body, int status = 200);

}  // namespace sysmetrics
