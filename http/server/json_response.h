#pragma once

#include <nlohmann/json.hpp>

#include "http/server/http_types.h"

namespace sysmetrics {

// Serializes without ever throwing: invalid UTF-8 from the OS becomes U+FFFD. Floats are rounded
// by their field names first (roundFloats): the one place the REST answers are rounded.
HttpResponse jsonResponse(nlohmann::json body, int status = 200);

}  // namespace sysmetrics
