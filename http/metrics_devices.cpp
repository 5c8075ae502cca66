// Battery, logical disks and services: the smaller collectors' families.
#include <algorithm>

#include "http/section_metrics.h"

namespace sysmetrics {

namespace {
constexpr double kJoulesPerWattHour = 3600.0;
double n(std::uint64_t value) {
    return static_cast<double>(value);
}
}  // namespace

void appendBatteryMetrics(const BatterySection& b, MetricNaming naming, FamilyList& out) {
    if (naming == MetricNaming::windows) {
        if (b.ac_online) {
            out.gauge("windows_battery_power_plugged", "1 when on AC power (GetSystemPowerStatus).",
                      *b.ac_online ? 1 : 0);
        }
        if (!b.present) {
            return;  // no battery: no battery series
        }
        out.gaugeIf("windows_battery_charge_ratio", "Remaining charge, 0 to 1.", b.charge_ratio);
        if (b.seconds_remaining) {
            out.gauge("windows_battery_seconds_remaining", "Estimated seconds of battery left.",
                      *b.seconds_remaining);
        }
        if (b.charging) {
            out.gauge("windows_battery_charging", "1 while charging.", *b.charging ? 1 : 0);
        }
        // One series per battery, labelled: a laptop with two batteries (or a UPS beside one)
        // must not give the same unlabelled series twice, which fails the whole scrape.
        for (const auto& s : b.supplies) {
            const Labels l = {{"battery", s.name}};
            if (s.energy_full_wh) {
                out.gauge("windows_battery_full_charge_capacity_joules",
                          "Full-charge capacity in joules (IOCTL_BATTERY_QUERY_INFORMATION, or "
                          "SystemBatteryState MaxCapacity for battery=\"system\").",
                          *s.energy_full_wh * kJoulesPerWattHour, l);
            }
            if (s.energy_now_wh) {
                out.gauge("windows_battery_remaining_capacity_joules",
                          "Remaining capacity in joules (IOCTL_BATTERY_QUERY_STATUS, or "
                          "SystemBatteryState RemainingCapacity for battery=\"system\").",
                          *s.energy_now_wh * kJoulesPerWattHour, l);
            }
            if (s.power_w) {
                out.gauge("windows_battery_rate_watts",
                          "Charge (+) or discharge (-) rate in watts (IOCTL_BATTERY_QUERY_STATUS, "
                          "or SystemBatteryState Rate for battery=\"system\").",
                          *s.power_w, l);
            }
        }
        return;
    }
    for (const auto& s : b.supplies) {
        const Labels l = {{"power_supply", s.name}};
        if (s.online) {
            out.gauge("node_power_supply_online",
                      "online value of /sys/class/power_supply/<power_supply>.", *s.online ? 1 : 0,
                      l);
        }
        if (s.type != "Battery") {
            continue;
        }
        if (s.charge_ratio) {
            out.gauge("node_power_supply_capacity",
                      "capacity value of /sys/class/power_supply/<power_supply>.",
                      *s.charge_ratio * 100, l);
        }
        if (s.energy_now_wh) {
            out.gauge("node_power_supply_energy_watthour", "energy_now in watt-hours.",
                      *s.energy_now_wh, l);
        }
        if (s.energy_full_wh) {
            out.gauge("node_power_supply_energy_full", "energy_full in watt-hours.",
                      *s.energy_full_wh, l);
        }
        if (s.energy_full_design_wh) {
            out.gauge("node_power_supply_energy_full_design", "energy_full_design in watt-hours.",
                      *s.energy_full_design_wh, l);
        }
        out.gaugeIf("node_power_supply_power_watt",
                    "power_now in watts (negative while discharging).", s.power_w, l);
        out.gaugeIf("node_power_supply_voltage_volt", "voltage_now in volts.", s.voltage_v, l);
        out.gaugeIf("node_power_supply_cyclecount", "cycle_count value.", s.cycle_count, l);
        out.info("node_power_supply_info", "Battery status and technology.",
                 {{"power_supply", s.name},
                  {"type", s.type},
                  {"status", s.status},
                  {"technology", s.technology}});
    }
}

void appendDiskMetrics(const DiskSection& section, MetricNaming naming, FamilyList& out) {
    for (const auto& d : section.disks) {
        if (naming == MetricNaming::windows) {
            const Labels l = {{"volume", d.volume}};
            out.gauge("windows_logical_disk_size_bytes", "Volume size (GetDiskFreeSpaceExW).",
                      n(d.size_bytes), l);
            out.gauge("windows_logical_disk_free_bytes",
                      "Free space on the volume (GetDiskFreeSpaceExW).", n(d.free_bytes), l);
            if (d.read_bytes) {
                out.counter("windows_logical_disk_read_bytes_total",
                            "Bytes read (IOCTL_DISK_PERFORMANCE).", n(*d.read_bytes), l);
                out.counter("windows_logical_disk_write_bytes_total", "Bytes written.",
                            n(*d.write_bytes), l);
                out.counter("windows_logical_disk_reads_total", "Read operations.", n(*d.reads), l);
                out.counter("windows_logical_disk_writes_total", "Write operations.", n(*d.writes),
                            l);
                out.counter("windows_logical_disk_read_seconds_total", "Seconds spent reading.",
                            *d.read_seconds, l);
                out.counter("windows_logical_disk_write_seconds_total", "Seconds spent writing.",
                            *d.write_seconds, l);
            }
            continue;
        }
        const Labels l = {{"device", d.device}, {"fstype", d.fs_type}, {"mountpoint", d.volume}};
        out.gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", n(d.size_bytes), l);
        out.gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", n(d.free_bytes),
                  l);
        out.gauge("node_filesystem_avail_bytes",
                  "Filesystem space available to non-root users in bytes.", n(d.available_bytes),
                  l);
        if (d.files) {
            out.gauge("node_filesystem_files", "Filesystem total file nodes.", n(*d.files), l);
            out.gauge("node_filesystem_files_free", "Filesystem total free file nodes.",
                      n(*d.files_free), l);
        }
        out.gauge("node_filesystem_readonly", "Filesystem read-only status.", d.read_only ? 1 : 0,
                  l);
    }
    if (naming == MetricNaming::linux) {
        for (const auto& d : section.disks) {
            if (!d.read_bytes || d.device.rfind("/dev/", 0) != 0) {
                continue;
            }
            const Labels l = {{"device", d.device.substr(5)}};
            out.counter("node_disk_read_bytes_total",
                        "The total number of bytes read successfully.", n(*d.read_bytes), l);
            out.counter("node_disk_written_bytes_total",
                        "The total number of bytes written successfully.", n(*d.write_bytes), l);
            out.counter("node_disk_reads_completed_total",
                        "The total number of reads completed successfully.", n(*d.reads), l);
            out.counter("node_disk_writes_completed_total",
                        "The total number of writes completed successfully.", n(*d.writes), l);
            out.counter("node_disk_read_time_seconds_total",
                        "The total number of seconds spent by all reads.", *d.read_seconds, l);
            out.counter("node_disk_write_time_seconds_total",
                        "This is the total number of seconds spent by all writes.",
                        *d.write_seconds, l);
        }
    }
}

void appendServiceMetrics(const ServiceSection& section, const RenderContext& context,
                          FamilyList& out) {
    for (const auto& s : section.services) {
        if ((context.services_include && !context.services_include->search(s.name)) ||
            (context.services_exclude && context.services_exclude->search(s.name))) {
            continue;
        }
        out.info("windows_service_info",
                 "Service names, binary path and account (QueryServiceConfigW).",
                 {{"name", s.name},
                  {"display_name", s.display_name},
                  {"path_name", s.path},
                  {"run_as", s.account}});
        for (const auto& state : kServiceStates) {
            out.gauge("windows_service_state",
                      "1 for the service's current state, 0 for the others.",
                      s.state == state ? 1 : 0, {{"name", s.name}, {"state", state}});
        }
        // A configuration that could not be read has no start mode: no series rather than a
        // wrong one (windows_exporter emits none for such a service either).
        const bool mode_known = std::find(kServiceStartTypes.begin(), kServiceStartTypes.end(),
                                          s.start_type) != kServiceStartTypes.end();
        for (std::size_t i = 0; mode_known && i < kServiceStartTypes.size(); i++) {
            const std::string& mode = kServiceStartTypes[i];
            out.gauge("windows_service_start_mode",
                      "1 for the service's start mode, 0 for the others.",
                      s.start_type == mode ? 1 : 0, {{"name", s.name}, {"start_mode", mode}});
        }
        if (s.pid != 0) {
            out.gauge("windows_service_process", "Process id of a running service (value 1).", 1,
                      {{"name", s.name}, {"process_id", std::to_string(s.pid)}});
        }
    }
}

}  // namespace sysmetrics

namespace sysmetrics {

void appendSelfMetrics(const SelfSection& self, MetricNaming, FamilyList& out) {
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
