#pragma once

#include "collectors/textfile.h"
#include "http/prometheus/family_list.h"

namespace sysmetrics {

// One merged textfile family as OpenMetrics 1.0 into `out` (an OpenMetrics list). The text
// format lets through what OpenMetrics forbids (a counter or a bucket that is NaN or negative, a
// histogram without its +Inf bucket or with a _count unlike it, a quantile over 1...); such a
// family keeps its samples but loses its type: each sample name becomes its own `unknown`
// family, which is what a text 0.0.4 scrape of an untyped family gives Prometheus. Samples are
// grouped per series (OpenMetrics wants each histogram's or summary's lines together), buckets
// by rising `le`; numbers are written canonically.
void appendTextfileOpenMetrics(const TextfileExposition& family, FamilyList& out);

}  // namespace sysmetrics
