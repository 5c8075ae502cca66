#pragma once

#include <string>

#include "collectors/snapshot_store.h"
#include "http/server/http_types.h"

namespace sysmetrics {

HttpResponse batteryAnswer(const Snapshot& snapshot);
HttpResponse diskList(const Snapshot& snapshot);
// GET /api/v1/services with filters name (pattern), state, start_type.
HttpResponse serviceList(const HttpRequest& request, const Snapshot& snapshot);
// GET /api/v1/services/{name}
HttpResponse serviceItem(const std::string& name, const Snapshot& snapshot);

}  // namespace sysmetrics
