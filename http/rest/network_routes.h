#pragma once

#include <cstdint>
#include <optional>

#include "collectors/snapshot_store.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// GET /api/v1/connections with filters proto, family, state, pid, local_port, remote_port,
// process (pattern on the owner's name) and the list parameters (sort, order, offset, limit,
// fields). `only_pid` restricts to one process
// (/api/v1/processes/{pid}/connections).
HttpResponse connectionList(const HttpRequest& request, const Snapshot& snapshot,
                            std::optional<std::uint32_t> only_pid = std::nullopt);

// GET /api/v1/network/interfaces with the list parameters and a `type` filter.
HttpResponse interfaceList(const HttpRequest& request, const Snapshot& snapshot);

}  // namespace sysmetrics
