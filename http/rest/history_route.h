#pragma once

#include "collectors/history.h"
#include "http/server/http_types.h"

namespace sysmetrics {

// GET /api/v1/history: without `series`, the series the history keeps and what it holds; with
// `series=a,b` (and `after`, `before`, `points`), their points. `history` null: 404, not kept.
HttpResponse historyAnswer(const HttpRequest& request, const History* history, double now);

}  // namespace sysmetrics
