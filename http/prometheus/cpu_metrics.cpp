#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {

// windows_exporter's cpu_info collector: one series per processor package (Win32_Processor
// instance), each family's series together; labels in client_golang's (sorted) order.
void appendCpuInfo(const std::vector<CpuPackageInfo>& packages, FamilyList& out) {
    for (const auto& p : packages) {
        out.info("windows_cpu_info",
                 "Labelled CPU information per processor package, as Win32_Processor gives it "
                 "(registry, SMBIOS, GetLogicalProcessorInformationEx).",
                 {{"architecture", std::to_string(p.architecture)},
                  {"description", p.description},
                  {"device_id", p.device_id},
                  {"family", std::to_string(p.family)},
                  {"name", p.name}});
    }
    const auto each = [&](const char* name, const char* help, auto value) {
        for (const auto& p : packages) {
            out.gaugeIf(name, help, std::optional<std::uint64_t>(value(p)),
                        {{"device_id", p.device_id}});
        }
    };
    each("windows_cpu_info_core", "Number of cores per CPU (SMBIOS Core Count).",
         [](const CpuPackageInfo& p) { return p.cores; });
    each("windows_cpu_info_enabled_core", "Number of enabled cores per CPU (SMBIOS Core Enabled).",
         [](const CpuPackageInfo& p) { return p.enabled_cores; });
    each("windows_cpu_info_logical_processor",
         "Number of logical processors per CPU (GetLogicalProcessorInformationEx).",
         [](const CpuPackageInfo& p) { return p.logical_processors; });
    each("windows_cpu_info_thread", "Number of threads per CPU (SMBIOS Thread Count).",
         [](const CpuPackageInfo& p) { return p.threads; });
    each("windows_cpu_info_l2_cache_size", "Size of L2 cache per CPU, KiB.",
         [](const CpuPackageInfo& p) { return p.l2_cache_kib; });
    each("windows_cpu_info_l3_cache_size", "Size of L3 cache per CPU, KiB.",
         [](const CpuPackageInfo& p) { return p.l3_cache_kib; });
}

void appendWindows(const CpuSample& s, FamilyList& out) {
    for (const auto& core : s.cores) {
        for (const ModeValue& time : core.seconds) {
            out.counter("windows_cpu_time_total",
                        "Time spent in each mode, seconds (NtQuerySystemInformation "
                        "SystemProcessorPerformanceInformation); privileged includes dpc and "
                        "interrupt, as PDH % Privileged Time does.",
                        windowsExporterModeSeconds(core, time.mode),
                        {{"core", core.id}, {"mode", time.mode}});
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
    appendCpuInfo(s.info.packages, out);
    out.counterIf("windows_system_context_switches_total", "Context switches.", s.context_switches);
    out.counterIf("windows_system_system_calls_total", "System calls.", s.system_calls);
    out.counterIf("windows_system_exception_dispatches_total", "Exceptions dispatched.",
                  s.exception_dispatches);
    out.gaugeIf("windows_system_processor_queue_length",
                "Threads ready to run but waiting for a processor (PDH).",
                s.processor_queue_length);
}

// The families windows_exporter reads from PDH "Processor Information" and nothing NT gives
// (collectors/cpu_pdh.h says how each value is taken), with its names, types and help texts.
struct ProcessorInformationFamily {
    const char* name;
    const char* help;
    MetricKind kind;
    std::optional<double> ProcessorInformationValues::*value;
};

const ProcessorInformationFamily kProcessorInformationFamilies[] = {
    {"windows_cpu_clock_interrupts_total",
     "Total number of received and serviced clock tick interrupts", MetricKind::counter,
     &ProcessorInformationValues::clock_interrupts},
    {"windows_cpu_idle_break_events_total", "Total number of time processor was woken from idle",
     MetricKind::counter, &ProcessorInformationValues::idle_break_events},
    {"windows_cpu_parking_status", "Parking Status represents whether a processor is parked or not",
     MetricKind::gauge, &ProcessorInformationValues::parking_status},
    {"windows_cpu_processor_performance_total",
     "Processor Performance is the average performance of the processor while it is executing "
     "instructions, as a percentage of the nominal performance of the processor. On some "
     "processors, Processor Performance may exceed 100%",
     MetricKind::counter, &ProcessorInformationValues::performance},
    {"windows_cpu_processor_mperf_total",
     "Processor MPerf is the number of TSC ticks incremented while executing instructions",
     MetricKind::counter, &ProcessorInformationValues::mperf},
    {"windows_cpu_processor_rtc_total",
     "Processor RTC represents the number of RTC ticks made since the system booted. It should "
     "consistently be 64e6, and can be used to properly derive Processor Utility Rate",
     MetricKind::counter, &ProcessorInformationValues::rtc},
    {"windows_cpu_processor_utility_total",
     "Processor Utility represents is the amount of time the core spends executing instructions",
     MetricKind::counter, &ProcessorInformationValues::utility},
    {"windows_cpu_processor_privileged_utility_total",
     "Processor Privileged Utility represents is the amount of time the core has spent "
     "executing instructions inside the kernel",
     MetricKind::counter, &ProcessorInformationValues::privileged_utility},
};

void appendProcessorInformation(const CpuSample& s, FamilyList& out) {
    out.gauge("windows_cpu_logical_processor", "Total number of logical processors",
              static_cast<double>(s.cores.size()));
    for (const auto& core : s.cores) {
        if (!core.processor_information) {
            continue;
        }
        const ProcessorInformationValues& v = *core.processor_information;
        const std::pair<const char*, std::optional<double>> states[] = {
            {"c1", v.c1_seconds}, {"c2", v.c2_seconds}, {"c3", v.c3_seconds}};
        for (const auto& [state, seconds] : states) {
            out.counterIf("windows_cpu_cstate_seconds_total", "Time spent in low-power idle state",
                          seconds, {{"core", core.id}, {"state", state}});
        }
    }
    for (const auto& family : kProcessorInformationFamilies) {
        for (const auto& core : s.cores) {
            if (!core.processor_information) {
                continue;
            }
            const std::optional<double>& value = (*core.processor_information).*family.value;
            if (family.kind == MetricKind::counter) {
                out.counterIf(family.name, family.help, value, {{"core", core.id}});
            } else {
                out.gaugeIf(family.name, family.help, value, {{"core", core.id}});
            }
        }
    }
}

void appendLinux(const CpuSample& s, FamilyList& out) {
    for (const auto& core : s.cores) {
        for (const ModeValue& time : core.seconds) {
            out.counter("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.",
                        time.value, {{"cpu", core.id}, {"mode", time.mode}});
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
        appendProcessorInformation(cpu.sample, out);
    } else {
        appendLinux(cpu.sample, out);
    }
}

}  // namespace sysmetrics
