#pragma once

#include "collectors/history.h"
#include "collectors/read_demand.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// GET /api/v1/history: without `series`, the series the history keeps and what it holds; with
// `series=a,b` (and `after`, `before`, `points`), their points. `history` null: 404, not kept.
// A read of series notes a stream read of the collectors feeding them in `demand` (a chart of
// history wants every collection, so they are not paced to a scraper).
HttpResponse historyAnswer(const HttpRequest& request, const History* history, double now,
                           ReadDemand& demand);

}  // namespace sysmetrics
