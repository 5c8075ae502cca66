// sysmetrics' own footprint (sysmetrics_self_*).
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

void appendSelfMetrics(const SelfSection& self, const RenderContext&, FamilyList& out) {
    out.gauge("sysmetrics_self_resident_memory_bytes", "Resident memory of sysmetrics itself.",
              static_cast<double>(self.resident_bytes));
    if (self.os_handles) {
        out.gauge("sysmetrics_self_os_handles",
                  "Handles (Windows) or file descriptors (Linux) sysmetrics holds, as the OS "
                  "counts them.",
                  static_cast<double>(*self.os_handles));
    }
    if (self.nt_handles) {
        out.gauge("sysmetrics_self_nt_handles",
                  "Handles sysmetrics holds, from NtQueryInformationProcess(ProcessHandleCount).",
                  static_cast<double>(*self.nt_handles));
    }
    out.counter("sysmetrics_self_cpu_seconds_total", "CPU time used by sysmetrics itself.",
                self.cpu_seconds);
    out.gaugeIf("sysmetrics_self_threads", "Threads of sysmetrics itself.", self.threads);
}

}  // namespace sysmetrics
