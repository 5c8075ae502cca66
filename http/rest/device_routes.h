#pragma once

#include <string>

#include "collectors/snapshot_store.h"
#include "http/server/http_types.h"

namespace sysmetrics {

HttpResponse batteryAnswer(const Snapshot& snapshot);
// GET /api/v1/disks with the list parameters (sort, order, offset, limit, fields).
HttpResponse diskList(const HttpRequest& request, const Snapshot& snapshot);
// GET /api/v1/services with filters name (pattern), state and start_type (multi-value) and the
// list parameters.
HttpResponse serviceList(const HttpRequest& request, const Snapshot& snapshot);
// GET /api/v1/services/{name}
HttpResponse serviceItem(const std::string& name, const Snapshot& snapshot);

}  // namespace sysmetrics
