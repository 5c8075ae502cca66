#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/legacy_metrics.h"

namespace sysmetrics {

namespace {

void appendWindows(const SystemSection& s, FamilyList& out) {
    out.info("windows_os_info", "Operating system version (RtlGetVersion, registry ProductName).",
             {{"product", s.os_product},
              {"version", s.os_version},
              {"major_version", std::to_string(s.os_major)},
              {"minor_version", std::to_string(s.os_minor)},
              {"build_number", std::to_string(s.os_build)},
              {"revision", std::to_string(s.os_revision)}});
    out.info("windows_os_hostname", "Host names (GetComputerNameExW).",
             {{"domain", s.domain}, {"fqdn", s.fqdn}, {"hostname", s.hostname}});
    out.gauge("windows_system_boot_time_timestamp", "Boot time as a Unix timestamp in seconds.",
              s.boot_time);
    out.gauge("windows_system_processes", "Processes on the system (GetPerformanceInfo).",
              static_cast<double>(s.processes));
    out.gauge("windows_system_threads", "Threads on the system (GetPerformanceInfo).",
              static_cast<double>(s.threads));
    out.gauge("windows_system_processes_limit",
              "Maximum number of processes: Windows sets none (4294967295, as windows_exporter).",
              kNoProcessLimit);
    if (s.handles) {
        out.gauge("windows_system_handles",
                  "Open kernel handles on the system (GetPerformanceInfo).",
                  static_cast<double>(*s.handles));
    }
    out.gauge("windows_cs_logical_processors", "Logical processors (GetActiveProcessorCount).",
              s.logical_cpus);
}

void appendLinux(const SystemSection& s, FamilyList& out) {
    out.info("node_uname_info", "Labeled system information as provided by the uname system call.",
             {{"sysname", "Linux"},
              {"release", s.os_version},
              {"machine", s.architecture},
              {"nodename", s.hostname},
              {"domainname", s.domain.empty() ? "(none)" : s.domain}});
    out.info("node_os_info", "Operating system from /etc/os-release.",
             {{"pretty_name", s.os_product}});
    out.gauge("node_boot_time_seconds", "Node boot time, in unixtime.", s.boot_time);
    out.gauge("node_processes_pids", "Number of PIDs (directories under /proc).",
              static_cast<double>(s.processes));
    out.gauge("node_processes_threads", "Allocated threads in system (/proc/loadavg).",
              static_cast<double>(s.threads));
}

}  // namespace

void appendSystemMetrics(const SystemSection& system, const RenderContext& context,
                         FamilyList& out) {
    const MetricNaming naming = context.naming;
    if (naming == MetricNaming::windows) {
        appendWindows(system, out);
        if (context.legacy_names) {
            appendLegacySystemMetrics(system, out);
        }
    } else {
        appendLinux(system, out);
    }
}

}  // namespace sysmetrics
