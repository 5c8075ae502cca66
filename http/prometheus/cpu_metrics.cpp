#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {

void appendWindows(const CpuSample& s, FamilyList& out) {
    for (const auto& core : s.cores) {
        for (std::size_t m = 0; m < s.modes.size() && m < core.seconds.size(); m++) {
            out.counter("windows_cpu_time_total",
                        "Time spent in each mode, seconds (NtQuerySystemInformation "
                        "SystemProcessorPerformanceInformation); privileged includes dpc and "
                        "interrupt, as PDH % Privileged Time does.",
                        windowsExporterModeSeconds(s.modes, core, m),
                        {{"core", core.id}, {"mode", s.modes[m]}});
        }
    }
    for (const auto& core : s.cores) {
        out.counterIf("windows_cpu_interrupts_total", "Hardware interrupts serviced.",
                      core.interrupts, {{"core", core.id}});
    }
    for (const auto& core : s.cores) {
        out.counterIf("windows_cpu_dpcs_total", "Deferred procedure calls queued.", core.dpcs,
                      {{"core", core.id}});
    }
    for (const auto& core : s.cores) {
        out.gaugeIf("windows_cpu_core_frequency_mhz",
                    "Current core frequency (CallNtPowerInformation ProcessorInformation).",
                    core.frequency_mhz, {{"core", core.id}});
    }
    if (s.processor_utility_percent) {
        out.gauge("windows_cpu_processor_utility_ratio",
                  "PDH % Processor Utility of all processors / 100 (can exceed 1 with turbo).",
                  *s.processor_utility_percent / 100.0);
    }
    if (s.processor_performance_percent) {
        out.gauge("windows_cpu_processor_performance_ratio",
                  "PDH % Processor Performance of all processors / 100.",
                  *s.processor_performance_percent / 100.0);
    }
    out.info("windows_cpu_info", "Processor model and counts.",
             {{"name", s.info.model_name},
              {"core_count", s.info.physical_cores ? std::to_string(*s.info.physical_cores) : ""},
              {"logical_processor_count", std::to_string(s.info.logical_processors)}});
    out.counterIf("windows_system_context_switches_total", "Context switches.", s.context_switches);
    out.counterIf("windows_system_system_calls_total", "System calls.", s.system_calls);
    out.counterIf("windows_system_exception_dispatches_total", "Exceptions dispatched.",
                  s.exception_dispatches);
    out.gaugeIf("windows_system_processor_queue_length",
                "Threads ready to run but waiting for a processor (PDH).",
                s.processor_queue_length);
}

void appendLinux(const CpuSample& s, FamilyList& out) {
    for (const auto& core : s.cores) {
        for (std::size_t m = 0; m < s.modes.size() && m < core.seconds.size(); m++) {
            out.counter("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.",
                        core.seconds[m], {{"cpu", core.id}, {"mode", s.modes[m]}});
        }
    }
    for (const auto& core : s.cores) {
        out.counterIf("node_cpu_guest_seconds_total",
                      "Seconds the CPUs spent in guests (VMs) for each mode.", core.guest_seconds,
                      {{"cpu", core.id}, {"mode", "user"}});
        out.counterIf("node_cpu_guest_seconds_total",
                      "Seconds the CPUs spent in guests (VMs) for each mode.",
                      core.guest_nice_seconds, {{"cpu", core.id}, {"mode", "nice"}});
    }
    for (const auto& core : s.cores) {
        if (core.frequency_mhz) {
            out.gauge("node_cpu_scaling_frequency_hertz",
                      "Current scaled CPU thread frequency in hertz.", *core.frequency_mhz * 1e6,
                      {{"cpu", core.id}});
        }
    }
    out.counterIf("node_context_switches_total", "Total number of context switches.",
                  s.context_switches);
    out.counterIf("node_intr_total", "Total number of interrupts serviced.", s.interrupts);
    out.counterIf("node_forks_total", "Total number of forks.", s.processes_created);
    out.gaugeIf("node_procs_running", "Number of processes in runnable state.", s.procs_running);
    out.gaugeIf("node_procs_blocked", "Number of processes blocked waiting for I/O to complete.",
                s.procs_blocked);
    out.gaugeIf("node_load1", "1m load average.", s.load1);
    out.gaugeIf("node_load5", "5m load average.", s.load5);
    out.gaugeIf("node_load15", "15m load average.", s.load15);
}

}  // namespace

void appendCpuMetrics(const CpuSection& cpu, const RenderContext& context, FamilyList& out) {
    const MetricNaming naming = context.naming;
    if (naming == MetricNaming::windows) {
        appendWindows(cpu.sample, out);
    } else {
        appendLinux(cpu.sample, out);
    }
}

}  // namespace sysmetrics
