#pragma once

#include <string>

#include "collectors/snapshot_store.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// GET /api/v1/processes with filters (name, user, pid, ppid), sort, order, limit and fields.
HttpResponse processList(const HttpRequest& request, const Snapshot& snapshot);

// GET /api/v1/processes/{pid}, /{pid}/threads, /{pid}/children. `rest` is what follows
// "/api/v1/processes/".
HttpResponse processItem(const std::string& rest, const HttpRequest& request,
                         const Snapshot& snapshot);

}  // namespace sysmetrics
