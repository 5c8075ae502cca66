#pragma once

#include "collectors/snapshot_store.h"
#include "config/collector_schema.h"

namespace sysmetrics {

// A Windows host as the Windows probes record it: every section filled from raw values built to
// the layouts the probes read (PDH raw counters, NT structures, GetLogicalProcessorInformationEx
// records, an SMBIOS table, the IP Helper and SCM answers), through the same portable
// interpretation, on a host where every source answers. For tests of
// what /metrics makes of a whole Windows host (the windows_exporter compatibility table).
Snapshot recordedWindowsHost();

// The collector settings under which that host exports windows_exporter's process families
// (per-process series are opt-in at /metrics) and, wherever the test runs, the Windows defaults.
SettingsMap recordedWindowsHostSettings();

}  // namespace sysmetrics
