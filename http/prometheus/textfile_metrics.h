#pragma once

#include "collectors/textfile.h"
#include "http/host_metrics.h"

namespace sysmetrics {

// The textfile collector's own state per file, then the families of the files, as rendered at
// collection (appended as text; a name already taken in `out` is skipped).
void appendTextfileMetrics(const TextfileSection& section, MetricNaming naming, FamilyList& out);

}  // namespace sysmetrics
