#pragma once

#include "collectors/snapshot_store.h"
#include "http/http_types.h"

namespace sysmetrics {

// GET /api/v1/textfile: the directories, every *.prom file with its state and families.
HttpResponse textfileList(const Snapshot& snapshot);

}  // namespace sysmetrics
