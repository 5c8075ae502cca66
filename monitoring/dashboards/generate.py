#!/usr/bin/env python3
"""Writes the Grafana dashboards in this folder (the JSON files are its output, committed so
they can be imported as they are). Edit the panels here and run `python3 generate.py`;
tests/monitoring/run.sh fails when the JSON and this script disagree.

Grafana's current dashboard schema (schemaVersion 39); the data source is the `datasource`
template variable. Host dashboards show one `instance`; the fleet overview shows them all."""
import json
import os

SCHEMA_VERSION = 39
DS = {"type": "prometheus", "uid": "${datasource}"}
S = 'job=~"$job", instance=~"$instance"'  # every host panel's selector
RATE = "$__rate_interval"


class Layout:
    """Places panels left to right on Grafana's 24-column grid, rows top to bottom."""

    def __init__(self):
        self.panels, self.x, self.y, self.row_height, self.next_id = [], 0, 0, 0, 1

    def add(self, panel, w, h):
        if self.x + w > 24:
            self.x, self.y, self.row_height = 0, self.y + self.row_height, 0
        panel["id"] = self.next_id
        panel["gridPos"] = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.next_id += 1
        self.x += w
        self.row_height = max(self.row_height, h)
        self.panels.append(panel)

    def row(self, title):
        self.x, self.y = 0, self.y + self.row_height
        self.row_height = 0
        self.add({"type": "row", "title": title, "collapsed": False, "panels": []}, 24, 1)
        self.x, self.y, self.row_height = 0, self.y + 1, 0


def target(expr, legend="", ref="A", instant=False, table=False):
    t = {"datasource": DS, "expr": expr, "refId": ref, "legendFormat": legend or "__auto",
         "range": not instant, "instant": instant, "editorMode": "code"}
    if table:
        t["format"] = "table"
    return t


def targets_of(queries, instant=False, table=False):
    return [target(q[0], q[1] if len(q) > 1 else "", chr(ord("A") + i), instant, table)
            for i, q in enumerate(queries)]


def timeseries(title, queries, unit="short", stack=False, description="", minimum=None):
    custom = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10 if not stack else 60,
              "showPoints": "never", "spanNulls": False,
              "stacking": {"mode": "normal" if stack else "none", "group": "A"}}
    defaults = {"unit": unit, "custom": custom}
    if minimum is not None:
        defaults["min"] = minimum
    return {"type": "timeseries", "title": title, "description": description, "datasource": DS,
            "targets": targets_of(queries),
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                        "tooltip": {"mode": "multi", "sort": "desc"}}}


def rate(metric, selector):
    return f"rate({metric}{{{selector}}}[{RATE}])"


def per_op(title, label, first, second, names, unit, **options):
    """Two queries per device (read/write, in/out, ...), legends '<device> <name>'."""
    return timeseries(title, [(first, f"{{{{{label}}}}} {names[0]}"),
                              (second, f"{{{{{label}}}}} {names[1]}")], unit=unit, **options)


def space_panels(L, label, sel, free, size, used_title, free_title):
    """Used ratio per volume/filesystem and the free bytes, 8 wide each."""
    L.row("Disks")
    L.add(bargauge(used_title, f"1 - {free}{{{sel}}} / ({size}{{{sel}}} > 0)", f"{{{{{label}}}}}"), 8, 8)
    L.add(timeseries(free_title, [(f"{free}{{{sel}}}", f"{{{{{label}}}}}")], unit="bytes"), 8, 8)


def io_panels(L, label, sel, read_time, reads, write_time, writes, read_bytes, write_bytes, **options):
    """Disk latency (8 wide, ending the row it starts in), throughput and operations."""
    L.add(per_op("I/O latency", label, f"{rate(read_time, sel)} / {rate(reads, sel)}",
                 f"{rate(write_time, sel)} / {rate(writes, sel)}", ("read", "write"), "s",
                 **options), 8, 8)
    L.add(per_op("Throughput", label, rate(read_bytes, sel), rate(write_bytes, sel),
                 ("read", "write"), "Bps"), 12, 8)
    L.add(per_op("Operations", label, rate(reads, sel), rate(writes, sel),
                 ("reads", "writes"), "iops"), 12, 8)


def stat(title, expr, unit="short", legend="", thresholds=None, description="", mappings=None):
    steps = [{"color": "green", "value": None}]
    for value, color in thresholds or []:
        steps.append({"color": color, "value": value})
    return {"type": "stat", "title": title, "description": description, "datasource": DS,
            "targets": [target(expr, legend, instant=True)],
            "fieldConfig": {"defaults": {"unit": unit, "mappings": mappings or [],
                                         "thresholds": {"mode": "absolute", "steps": steps}},
                            "overrides": []},
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "none", "textMode": "auto",
                        "justifyMode": "auto", "orientation": "auto"}}


def bargauge(title, expr, legend, unit="percentunit", description=""):
    steps = [{"color": "green", "value": None}, {"color": "orange", "value": 0.8},
             {"color": "red", "value": 0.95}]
    return {"type": "bargauge", "title": title, "description": description, "datasource": DS,
            "targets": [target(expr, legend, instant=True)],
            "fieldConfig": {"defaults": {"unit": unit, "min": 0, "max": 1,
                                         "thresholds": {"mode": "absolute", "steps": steps}},
                            "overrides": []},
            "options": {"displayMode": "gradient", "orientation": "horizontal",
                        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "showUnfilled": True}}


def table(title, queries, description="", hide=("Time",), rename=None, units=None):
    """An instant table; several queries are merged into one row per label set."""
    overrides = [{"matcher": {"id": "byName", "options": column},
                  "properties": [{"id": "unit", "value": unit}]}
                 for column, unit in (units or {}).items()]
    transformations = []
    if len(queries) > 1:
        transformations.append({"id": "merge", "options": {}})
    transformations.append({"id": "organize", "options": {
        "excludeByName": {name: True for name in hide}, "indexByName": {},
        "renameByName": rename or {}}})
    return {"type": "table", "title": title, "description": description, "datasource": DS,
            "targets": targets_of(queries, instant=True, table=True),
            "fieldConfig": {"defaults": {"custom": {"align": "auto"}}, "overrides": overrides},
            "options": {"showHeader": True, "cellHeight": "sm"},
            "transformations": transformations}


def query_variable(name, label, query, multi=False, include_all=False):
    return {"type": "query", "name": name, "label": label, "datasource": DS,
            "query": {"query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
            "definition": query, "refresh": 2, "sort": 1, "multi": multi,
            "includeAll": include_all, "allValue": ".*" if include_all else None,
            "current": {}, "options": [], "hide": 0, "regex": ""}


def variables(build_info_matchers, multi_instance=False):
    """job and instance from the build-info series an exporter always sends, whatever collectors
    are enabled: sysmetrics_build_info, or the other exporter's own build info."""
    return {"list": [
        {"type": "datasource", "name": "datasource", "label": "Data source", "query": "prometheus",
         "current": {}, "hide": 0, "refresh": 1, "regex": "", "options": []},
        query_variable("job", "Job", f"label_values({{{build_info_matchers}}}, job)",
                       multi=True, include_all=True),
        query_variable("instance", "Instance",
                       f"label_values({{{build_info_matchers}, job=~\"$job\"}}, instance)",
                       multi=multi_instance, include_all=multi_instance),
    ]}


def dashboard(uid, title, description, tags, layout, templating):
    return {"uid": uid, "title": title, "description": description, "tags": tags,
            "schemaVersion": SCHEMA_VERSION, "version": 1, "editable": True,
            "graphTooltip": 1, "timezone": "browser", "refresh": "30s",
            "time": {"from": "now-6h", "to": "now"}, "timepicker": {},
            "fiscalYearStartMonth": 0, "liveNow": False, "weekStart": "",
            "annotations": {"list": []}, "links": [], "templating": templating,
            "panels": layout.panels,
            "__inputs": [], "__requires": [
                {"type": "grafana", "id": "grafana", "name": "Grafana", "version": "10.4.0"},
                {"type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0"}]}


def health_row(layout):
    """sysmetrics' own health: the same on both platforms (sysmetrics_* self-metrics)."""
    layout.row("sysmetrics health")
    layout.add(stat("Collectors failing",
                    f"count(sysmetrics_collector_success{{{S}}} == 0 unless on (collector) "
                    f"sysmetrics_collector_unsupported{{{S}}} == 1) or vector(0)",
                    thresholds=[(1, "red")],
                    description="Collectors whose last attempt failed (unsupported ones excluded)."), 4, 4)
    layout.add(stat("Connections refused (1h)",
                    f"increase(sysmetrics_http_connections_rejected_total{{{S}}}[1h])",
                    thresholds=[(1, "orange")],
                    description="Answered 503 because every worker (web.max_connections) was busy."), 4, 4)
    layout.add(stat("sysmetrics memory", f"sysmetrics_self_resident_memory_bytes{{{S}}}",
                    unit="bytes", thresholds=[(48 * 2**20, "orange"), (64 * 2**20, "red")]), 4, 4)
    layout.add(stat("Version", f"sysmetrics_build_info{{{S}}}", legend="{{version}} ({{platform}})",
                    mappings=[{"type": "value", "options": {"1": {"text": "running"}}}]), 4, 4)
    layout.add(stat("sysmetrics up since", f"sysmetrics_start_time_seconds{{{S}}} * 1000",
                    unit="dateTimeFromNow"), 8, 4)
    layout.add(table("Collectors", [
        (f"sysmetrics_collector_success{{{S}}}",),
        (f"sysmetrics_collector_age_seconds{{{S}}}",),
        (f"sysmetrics_collector_interval_seconds{{{S}}}",),
        (f"sysmetrics_collector_duration_seconds{{{S}}}",),
        (f"sysmetrics_collector_unsupported{{{S}}}",),
        (f"increase(sysmetrics_collector_failures_total{{{S}}}[1h])",),
    ], hide=("Time", "job", "instance", "__name__"),
        rename={"Value #A": "ok", "Value #B": "age", "Value #C": "interval",
                "Value #D": "last duration", "Value #E": "unsupported",
                "Value #F": "failures (1h)"},
        units={"age": "s", "interval": "s", "last duration": "s"},
        description="One row per collector; /api/v1/collectors on the host has the error text."), 24, 8)
    layout.add(timeseries("Collector age", [(f"sysmetrics_collector_age_seconds{{{S}}}", "{{collector}}")],
                          unit="s", description="Seconds since each collector's last success: "
                          "a line climbing past its interval is a stuck collector."), 8, 8)
    layout.add(timeseries("Collection duration",
                          [(f"sysmetrics_collector_duration_seconds{{{S}}}", "{{collector}}")],
                          unit="s"), 8, 8)
    layout.add(timeseries("Collector failures",
                          [(f"sum by (collector) (increase(sysmetrics_collector_failures_total{{{S}}}[{RATE}]))",
                            "{{collector}}")], minimum=0), 8, 8)
    layout.add(timeseries("sysmetrics CPU and memory", [
        (f"rate(sysmetrics_self_cpu_seconds_total{{{S}}}[{RATE}])", "CPU (cores)"),
        (f"sysmetrics_self_resident_memory_bytes{{{S}}} / 2^20", "resident MiB"),
    ]), 8, 8)
    layout.add(timeseries("Handles held", [
        (f"sysmetrics_open_handles{{{S}}}", "{{kind}}"),
        (f"sysmetrics_self_os_handles{{{S}}}", "OS handles / fds"),
    ]), 8, 8)
    layout.add(timeseries("Connections refused",
                          [(f"increase(sysmetrics_http_connections_rejected_total{{{S}}}[{RATE}])",
                            "503 over capacity")], minimum=0), 8, 8)


def overview(L, boot_time, cpu_time, available, total):
    """The first three stats of a host dashboard: uptime, CPU busy, memory used."""
    L.row("Overview")
    L.add(stat("Uptime", f"time() - {boot_time}{{{S}}}", unit="s"), 4, 4)
    idle = S + ', mode="idle"'
    L.add(stat("CPU busy", f"1 - avg({rate(cpu_time, idle)})",
               unit="percentunit", thresholds=[(0.8, "orange"), (0.9, "red")]), 4, 4)
    L.add(stat("Memory used", f"1 - {available}{{{S}}} / {total}{{{S}}}",
               unit="percentunit", thresholds=[(0.85, "orange"), (0.95, "red")]), 4, 4)


def windows_host():
    L = Layout()
    overview(L, "windows_system_boot_time_timestamp", "windows_cpu_time_total",
             "windows_memory_available_bytes", "windows_memory_physical_total_bytes")
    L.add(stat("Commit used", f"windows_memory_committed_bytes{{{S}}} / windows_memory_commit_limit{{{S}}}",
               unit="percentunit", thresholds=[(0.85, "orange"), (0.95, "red")]), 4, 4)
    L.add(stat("Logical processors", f"windows_cs_logical_processors{{{S}}}"), 4, 4)
    L.add(stat("Processes", f"windows_system_processes{{{S}}}"), 4, 4)
    L.add(table("Operating system", [(f"windows_os_info{{{S}}}",)],
                hide=("Time", "Value", "__name__", "job")), 24, 3)

    L.row("CPU")
    L.add(timeseries("CPU by mode", [(f"avg by (mode) (rate(windows_cpu_time_total{{{S}}}[{RATE}]))", "{{mode}}")],
                     unit="percentunit", stack=True,
                     description="Share of all cores' time. sysmetrics' privileged excludes dpc and "
                     "interrupt; windows_exporter's includes them."), 12, 8)
    L.add(timeseries("CPU busy per core", [(f"1 - rate(windows_cpu_time_total{{{S}, mode=\"idle\"}}[{RATE}])", "core {{core}}")],
                     unit="percentunit", minimum=0), 12, 8)
    L.add(timeseries("Context switches and system calls", [
        (f"rate(windows_system_context_switches_total{{{S}}}[{RATE}])", "context switches/s"),
        (f"rate(windows_system_system_calls_total{{{S}}}[{RATE}])", "system calls/s")]), 8, 8)
    L.add(timeseries("Processor queue length", [(f"windows_system_processor_queue_length{{{S}}}", "queued threads")],
                     description="Threads ready but waiting for a core; above 2 per core the CPU is the bottleneck."), 8, 8)
    L.add(timeseries("Core frequency", [(f"windows_cpu_core_frequency_mhz{{{S}}}", "core {{core}}")],
                     unit="rotmhz"), 8, 8)

    L.row("Memory")
    L.add(timeseries("Physical memory", [
        (f"windows_memory_physical_total_bytes{{{S}}}", "total"),
        (f"windows_memory_physical_total_bytes{{{S}}} - windows_memory_available_bytes{{{S}}}", "in use"),
        (f"windows_memory_available_bytes{{{S}}}", "available")], unit="bytes"), 8, 8)
    L.add(timeseries("Commit charge", [
        (f"windows_memory_committed_bytes{{{S}}}", "committed"),
        (f"windows_memory_commit_limit{{{S}}}", "commit limit")], unit="bytes",
        description="At the commit limit (RAM + page files) allocations fail."), 8, 8)
    L.add(timeseries("Kernel pools and cache", [
        (f"windows_memory_pool_paged_bytes{{{S}}}", "paged pool"),
        (f"windows_memory_pool_nonpaged_bytes{{{S}}}", "nonpaged pool"),
        (f"windows_memory_cache_bytes{{{S}}}", "cache")], unit="bytes"), 8, 8)

    L.row("Paging")
    L.add(timeseries("Page file capacity and need", [
        (f"windows_memory_commit_limit{{{S}}} - windows_memory_physical_total_bytes{{{S}}}", "page file capacity"),
        (f"clamp_min(windows_memory_committed_bytes{{{S}}} - windows_memory_physical_total_bytes{{{S}}}, 0)",
         "commit beyond RAM")], unit="bytes",
        description="Commit beyond RAM must live in the page files: when it nears their capacity, "
        "Windows grows them or allocations fail."), 12, 8)
    L.add(timeseries("Page faults (exported processes)",
                     [(f"sum(rate(windows_process_page_faults_total{{{S}}}[{RATE}]))", "page faults/s")],
                     description="Soft and hard faults of the processes exported as series "
                     "(process metrics on)."), 12, 8)

    vol = f'{S}, volume!~"HarddiskVolume.*"'
    space_panels(L, "volume", vol, "windows_logical_disk_free_bytes", "windows_logical_disk_size_bytes",
                 "Volume space used", "Free space")
    io_panels(L, "volume", vol, "windows_logical_disk_read_seconds_total", "windows_logical_disk_reads_total",
              "windows_logical_disk_write_seconds_total", "windows_logical_disk_writes_total",
              "windows_logical_disk_read_bytes_total", "windows_logical_disk_write_bytes_total",
              description="Average time per read and write: above 20 ms on SSDs or 50 ms on disks the "
              "storage is the bottleneck.")

    L.row("Network")
    net = "windows_net_"
    L.add(per_op("Traffic", "nic", f"{rate(net + 'bytes_received_total', S)} * 8",
                 f"{rate(net + 'bytes_sent_total', S)} * 8", ("in", "out"), "bps"), 12, 8)
    L.add(per_op("Packets", "nic", rate(net + "packets_received_total", S),
                 rate(net + "packets_sent_total", S), ("in", "out"), "pps"), 12, 8)
    L.add(per_op("Errors and discards", "nic",
                 f"{rate(net + 'packets_received_errors_total', S)} + {rate(net + 'packets_outbound_errors_total', S)}",
                 f"{rate(net + 'packets_received_discarded_total', S)} + {rate(net + 'packets_outbound_discarded_total', S)}",
                 ("errors", "discards"), "pps"), 12, 8)
    L.add(timeseries("TCP connections by state",
                     [(f"sum by (state) (windows_tcp_connections_state_count{{{S}}})", "{{state}}")]), 12, 8)
    L.add(table("Interfaces", [(f"windows_net_nic_info{{{S}}}",)],
                hide=("Time", "Value", "__name__", "job", "instance")), 24, 5)

    L.row("Services")
    auto_not_running = (f"windows_service_start_mode{{{S}, start_mode=\"auto\"}} == 1 "
                        f"unless on (name) windows_service_state{{{S}, state=\"running\"}} == 1")
    L.add(stat("Automatic services not running", f"count({auto_not_running}) or vector(0)",
               thresholds=[(1, "red")]), 6, 6)
    L.add(table("Automatic services not running",
                [(f"({auto_not_running}) * on (name) group_left (display_name) windows_service_info{{{S}}}",)],
                hide=("Time", "Value", "__name__", "job", "instance", "start_mode"),
                description="Services set to start automatically that are not running (state from "
                "windows_service_state)."), 10, 6)
    L.add(timeseries("Services by state", [(f"sum by (state) (windows_service_state{{{S}}})", "{{state}}")]), 8, 6)

    L.row("Top processes (process metrics on)")
    top = "topk(10, {})"
    L.add(timeseries("Top 10 by CPU", [(top.format(
        f"sum by (process, process_id) (rate(windows_process_cpu_time_total{{{S}}}[{RATE}]))"),
        "{{process}} ({{process_id}})")], unit="percentunit",
        description="Cores used (1 = one full core)."), 12, 8)
    L.add(timeseries("Top 10 by private bytes", [(top.format(f"windows_process_private_bytes{{{S}}}"),
                                                  "{{process}} ({{process_id}})")], unit="bytes"), 12, 8)
    L.add(timeseries("Top 10 by working set", [(top.format(f"windows_process_working_set_bytes{{{S}}}"),
                                                "{{process}} ({{process_id}})")], unit="bytes"), 8, 8)
    L.add(timeseries("Top 10 by I/O", [(top.format(
        f"sum by (process, process_id) (rate(windows_process_io_bytes_total{{{S}}}[{RATE}]))"),
        "{{process}} ({{process_id}})")], unit="Bps"), 8, 8)
    L.add(timeseries("Top 10 by handles", [(top.format(f"windows_process_handles{{{S}}}"),
                                            "{{process}} ({{process_id}})")]), 8, 8)

    L.row("Battery")
    L.add(stat("On AC power", f"windows_battery_power_plugged{{{S}}}",
               mappings=[{"type": "value", "options": {"0": {"text": "on battery", "color": "orange"},
                                                       "1": {"text": "plugged in", "color": "green"}}}]), 6, 5)
    L.add(stat("Charge", f"windows_battery_charge_ratio{{{S}}}", unit="percentunit"), 6, 5)
    L.add(stat("Time remaining", f"windows_battery_seconds_remaining{{{S}}}", unit="s",
               description="Only while on battery."), 6, 5)
    L.add(timeseries("Charge rate", [(f"windows_battery_rate_watts{{{S}}}", "watts (+ charging)")],
                     unit="watt"), 6, 5)

    health_row(L)
    return dashboard("sysmetrics-windows-host", "Windows host (sysmetrics)",
                     "One Windows host from sysmetrics; the panels on windows_exporter's shared "
                     "names also work on windows_exporter's data.",
                     ["sysmetrics", "windows"], L,
                     variables('__name__=~"sysmetrics_build_info|windows_exporter_build_info", platform!="linux"'))


def linux_host():
    L = Layout()
    overview(L, "node_boot_time_seconds", "node_cpu_seconds_total", "node_memory_MemAvailable_bytes",
             "node_memory_MemTotal_bytes")
    L.add(stat("Load (1m)", f"node_load1{{{S}}}"), 4, 4)
    L.add(stat("CPUs", f"count(node_cpu_seconds_total{{{S}, mode=\"idle\"}})"), 4, 4)
    L.add(stat("Processes", f"node_processes_pids{{{S}}}"), 4, 4)
    L.add(table("Operating system", [(f"node_uname_info{{{S}}}",), (f"node_os_info{{{S}}}",)],
                hide=("Time", "Value #A", "Value #B", "__name__", "job")), 24, 3)

    L.row("CPU")
    L.add(timeseries("CPU by mode", [(f"avg by (mode) (rate(node_cpu_seconds_total{{{S}}}[{RATE}]))", "{{mode}}")],
                     unit="percentunit", stack=True), 12, 8)
    L.add(timeseries("CPU busy per CPU", [(f"1 - rate(node_cpu_seconds_total{{{S}, mode=\"idle\"}}[{RATE}])", "cpu {{cpu}}")],
                     unit="percentunit", minimum=0), 12, 8)
    L.add(timeseries("Load average", [(f"node_load1{{{S}}}", "1m"), (f"node_load5{{{S}}}", "5m"),
                                      (f"node_load15{{{S}}}", "15m")]), 8, 8)
    L.add(timeseries("Context switches, interrupts, forks", [
        (f"rate(node_context_switches_total{{{S}}}[{RATE}])", "context switches/s"),
        (f"rate(node_intr_total{{{S}}}[{RATE}])", "interrupts/s"),
        (f"rate(node_forks_total{{{S}}}[{RATE}])", "forks/s")]), 8, 8)
    L.add(timeseries("Processes running and blocked", [(f"node_procs_running{{{S}}}", "running"),
                                                      (f"node_procs_blocked{{{S}}}", "blocked")]), 8, 8)

    L.row("Memory")
    L.add(timeseries("Memory", [
        (f"node_memory_MemTotal_bytes{{{S}}}", "total"),
        (f"node_memory_MemTotal_bytes{{{S}}} - node_memory_MemAvailable_bytes{{{S}}}", "in use"),
        (f"node_memory_Cached_bytes{{{S}}} + node_memory_Buffers_bytes{{{S}}}", "cache and buffers"),
        (f"node_memory_MemAvailable_bytes{{{S}}}", "available")], unit="bytes"), 8, 8)
    L.add(timeseries("Swap", [
        (f"node_memory_SwapTotal_bytes{{{S}}}", "total"),
        (f"node_memory_SwapTotal_bytes{{{S}}} - node_memory_SwapFree_bytes{{{S}}}", "used")], unit="bytes"), 8, 8)
    L.add(timeseries("Commit", [
        (f"node_memory_Committed_AS_bytes{{{S}}}", "committed"),
        (f"node_memory_CommitLimit_bytes{{{S}}}", "commit limit")], unit="bytes",
        description="The limit is enforced only with vm.overcommit_memory = 2."), 8, 8)

    fs = f'{S}, fstype!~"tmpfs|ramfs|squashfs|overlay"'
    space_panels(L, "mountpoint", fs, "node_filesystem_avail_bytes", "node_filesystem_size_bytes",
                 "Filesystem space used", "Available space")
    io_panels(L, "device", S, "node_disk_read_time_seconds_total", "node_disk_reads_completed_total",
              "node_disk_write_time_seconds_total", "node_disk_writes_completed_total",
              "node_disk_read_bytes_total", "node_disk_written_bytes_total")

    L.row("Network")
    net = "node_network_"
    L.add(per_op("Traffic", "device", f"{rate(net + 'receive_bytes_total', S)} * 8",
                 f"{rate(net + 'transmit_bytes_total', S)} * 8", ("in", "out"), "bps"), 12, 8)
    L.add(per_op("Errors and drops", "device",
                 f"{rate(net + 'receive_errs_total', S)} + {rate(net + 'transmit_errs_total', S)}",
                 f"{rate(net + 'receive_drop_total', S)} + {rate(net + 'transmit_drop_total', S)}",
                 ("errors", "drops"), "pps"), 12, 8)
    L.add(timeseries("TCP connections by state",
                     [(f"sum by (state) (sysmetrics_tcp_connections{{{S}}})", "{{state}}")],
                     description="sysmetrics only (psutil's state names); on Linux with "
                     "collectors.connections.state_counts: true."), 12, 8)
    L.add(table("Interfaces", [(f"node_network_info{{{S}}}",), (f"node_network_up{{{S}}}",)],
                hide=("Time", "__name__", "job", "instance", "Value #A"),
                rename={"Value #B": "up"}), 12, 8)

    L.row("Top processes (process metrics on)")
    L.add(timeseries("Top 10 by CPU", [(
        f"topk(10, sum by (process, process_id) (rate(sysmetrics_process_cpu_seconds_total{{{S}}}[{RATE}])))",
        "{{process}} ({{process_id}})")], unit="percentunit"), 12, 8)
    L.add(timeseries("Top 10 by resident memory", [(
        f"topk(10, sysmetrics_process_resident_memory_bytes{{{S}}})", "{{process}} ({{process_id}})")],
        unit="bytes"), 12, 8)

    L.row("Battery")
    L.add(stat("Capacity", f"node_power_supply_capacity{{{S}}}", unit="percent", legend="{{power_supply}}"), 8, 5)
    L.add(stat("Online (AC)", f"node_power_supply_online{{{S}}}", legend="{{power_supply}}"), 8, 5)
    L.add(timeseries("Power", [(f"node_power_supply_power_watt{{{S}}}", "{{power_supply}}")], unit="watt"), 8, 5)

    health_row(L)
    return dashboard("sysmetrics-linux-host", "Linux host (sysmetrics)",
                     "One Linux host from sysmetrics on node_exporter's names.",
                     ["sysmetrics", "linux"], L,
                     variables('__name__=~"sysmetrics_build_info|node_exporter_build_info", platform!="windows"'))


def fleet():
    L = Layout()
    F = 'job=~"$job", instance=~"$instance"'
    L.row("Fleet")
    L.add(stat("Hosts up", f"count(up{{{F}}} == 1) or vector(0)"), 6, 4)
    L.add(stat("Hosts down", f"count(up{{{F}}} == 0) or vector(0)", thresholds=[(1, "red")]), 6, 4)
    L.add(stat("Collectors failing", f"sum(instance:sysmetrics_collectors_failing:count{{{F}}})",
               thresholds=[(1, "orange")]), 6, 4)
    L.add(stat("Hosts with a disk over 90%", f"count(instance:host_fullest_disk:ratio{{{F}}} > 0.9) or vector(0)",
               thresholds=[(1, "orange")]), 6, 4)
    L.add(table("Hosts", [
        (f"up{{{F}}}",),
        (f"instance:host_cpu_utilisation:rate5m{{{F}}}",),
        (f"instance:host_memory_utilisation:ratio{{{F}}}",),
        (f"instance:host_fullest_disk:ratio{{{F}}}",),
        (f"instance:host_uptime:seconds{{{F}}}",),
        (f"instance:sysmetrics_collector_failures:increase1h{{{F}}}",),
        (f"instance:sysmetrics_collectors_failing:count{{{F}}}",),
    ], hide=("Time", "__name__"),
        rename={"Value #A": "up", "Value #B": "CPU", "Value #C": "memory", "Value #D": "fullest disk",
                "Value #E": "uptime", "Value #F": "collector failures (1h)",
                "Value #G": "collectors failing"},
        units={"CPU": "percentunit", "memory": "percentunit", "fullest disk": "percentunit",
               "uptime": "s"},
        description="One row per host. Needs the recording rules in sysmetrics-recording.yml."), 24, 10)
    L.add(timeseries("CPU busy by host", [(f"instance:host_cpu_utilisation:rate5m{{{F}}}", "{{instance}}")],
                     unit="percentunit", minimum=0), 12, 8)
    L.add(timeseries("Memory used by host", [(f"instance:host_memory_utilisation:ratio{{{F}}}", "{{instance}}")],
                     unit="percentunit", minimum=0), 12, 8)
    L.add(timeseries("Fullest disk by host", [(f"instance:host_fullest_disk:ratio{{{F}}}", "{{instance}}")],
                     unit="percentunit", minimum=0), 12, 8)
    L.add(timeseries("Network by host", [(
        f"instance:windows_net_bytes:rate5m{{{F}}} or instance:node_network_bytes:rate5m{{{F}}}",
        "{{instance}}")], unit="Bps"), 12, 8)
    return dashboard("sysmetrics-fleet", "Fleet overview (sysmetrics)",
                     "Every host scraped from sysmetrics, Windows and Linux, one row each.",
                     ["sysmetrics"], L, variables('__name__="sysmetrics_build_info"', multi_instance=True))


DASHBOARDS = {
    "sysmetrics-windows-host.json": windows_host,
    "sysmetrics-linux-host.json": linux_host,
    "sysmetrics-fleet.json": fleet,
}


def render(make):
    return json.dumps(make(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, make in DASHBOARDS.items():
        with open(os.path.join(here, name), "w") as out:
            out.write(render(make))
