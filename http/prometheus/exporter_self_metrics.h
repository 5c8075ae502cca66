#pragma once

#include "collectors/snapshot_store.h"
#include "http/prometheus/collect_selection.h"
#include "http/prometheus/family_list.h"

namespace sysmetrics {

// windows_exporter's own health families, so that alerts and panels written for it keep working:
// windows_exporter_collector_success, _timeout and _duration_seconds, one series per
// windows_exporter collector whose families this answer carries (collect[] as resolved), made
// from the status of the collectors of ours that emit them (config/exporter_names). Success is 1
// while each of those collectors' last attempt succeeded, or it has no data source here (as
// windows_exporter counts a collector that finds no data a success); timeout is 1 while one of
// them has been in a collection for longer than its interval (and success is then 0, as
// windows_exporter's is for a collector that timed out); the duration is their last attempts'
// sum; textfile's success is also 0 while a file or folder is not served, as windows_exporter's.
// At `steady_now` (steadySeconds()).
void appendExporterCollectorStatus(const Snapshot& snapshot, const CollectSelection& selection,
                                   double steady_now, FamilyList& out);

}  // namespace sysmetrics
