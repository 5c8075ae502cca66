// Label values at /metrics as windows_exporter v0.30+ writes them, from sections built as the
// Windows probes fill them (image names with .exe, "System Idle Process", SCM states, GetIfTable2
// MACs, DOMAIN\user owners).
#include <gtest/gtest.h>

#include <memory>

#include "collectors/network.h"
#include "collectors/process.h"
#include "collectors/service.h"
#include "collectors/system.h"
#include "config/process_settings.h"
#include "http/prometheus/exporter_labels.h"
#include "http/prometheus/metrics_endpoint.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

ProcessInfo process(std::uint32_t pid, const std::string& name, double create_time) {
    ProcessInfo p;
    p.pid = pid;
    p.name = name;
    p.create_time = create_time;
    return p;
}

Snapshot windowsSnapshot() {
    Snapshot snapshot;
    snapshot.version = 1;
    auto processes = std::make_shared<ProcessSection>();
    processes->processes = {process(0, "System Idle Process", 0), process(4, "System", 0),
                            process(812, "svchost.exe", 1700000100.5),
                            process(900, "Report.EXE", 1700000200)};
    auto details = std::make_shared<ProcessDetails>();
    details->owner = "NT AUTHORITY\\SYSTEM";
    processes->processes[2].details = details;
    snapshot.sections["processes"] = processes;
    auto services = std::make_shared<ServiceSection>();
    ServiceInfo dhcp;
    dhcp.name = "Dhcp";
    dhcp.state = serviceStateName(2);  // SERVICE_START_PENDING
    dhcp.start_type = "auto";
    dhcp.pid = 812;
    ServiceInfo gone = dhcp;
    gone.name = "Gone";
    gone.pid = 4242;  // not among the processes: no windows_service_process series
    // The processes collector idles (300 s) and had not seen a restarted service's new process:
    // its start time comes with the services read itself.
    ServiceInfo restarted = dhcp;
    restarted.name = "Restarted";
    restarted.pid = 5150;
    restarted.process_start_time = 1700000200.75;
    services->services = {dhcp, gone, restarted};
    snapshot.sections["services"] = services;
    auto network = std::make_shared<NetworkSection>();
    InterfaceInfo nic;
    nic.description = "Intel(R) Ethernet Connection (7) I219-V #2";
    nic.name = nicLabel(nic.description);  // as the Windows probe sets it
    nic.friendly_name = "Ethernet 2";
    nic.mac = "0a:1b:2c:3d:4e:5f";
    network->interfaces = {nic};
    snapshot.sections["network"] = network;
    auto system = std::make_shared<SystemSection>();
    system->os_product = "Windows 10 Pro";
    system->os_major = 10;
    system->os_build = 19045;
    system->os_version = "10.0.19045";
    system->os_revision = 3570;
    snapshot.sections["system"] = system;
    for (const auto& [name, section] : snapshot.sections) {
        CollectorStatus status;
        status.name = name;
        status.state = CollectorState::ok;
        snapshot.status[name] = status;
    }
    return snapshot;
}

std::string windowsExposition() {
    RenderContext context(MetricNaming::windows);
    auto processes = std::make_shared<ProcessSettings>();
    processes->per_process = true;  // per-process series are opt-in
    context.settings.set(ProcessSettings::kCollector, processes);
    MetricsEndpoint endpoint(context, RuntimeInfo{"t", "t", 1, "", "", ""}, catalogExpositions());
    return endpoint.renderSnapshot(windowsSnapshot());
}

}  // namespace

TEST(ExporterLabels, ValuesFollowWindowsExporter) {
    EXPECT_EQ(exporterProcessLabel("svchost.exe", 812), "svchost");
    EXPECT_EQ(exporterProcessLabel("Report.EXE", 900), "Report");
    EXPECT_EQ(exporterProcessLabel("System Idle Process", 0), "Idle");
    EXPECT_EQ(exporterProcessLabel("Registry", 120), "Registry");
    EXPECT_EQ(exporterProcessLabel(".exe", 7), ".exe");
    EXPECT_EQ(exporterServiceState("continue_pending"), "continue pending");
    EXPECT_EQ(exporterServiceState("running"), "running");
    EXPECT_EQ(exporterMac("0a:1b:2c:3d:4e:5f"), "0A:1B:2C:3D:4E:5F");
    EXPECT_EQ(exporterOwner("NT AUTHORITY\\SYSTEM"), "SYSTEM\\NT AUTHORITY");
    EXPECT_EQ(exporterOwner("alice"), "alice");
}

TEST(ExporterLabels, ExpositionUsesThem) {
    const std::string text = windowsExposition();
    EXPECT_TRUE(contains(text, "windows_process_threads{process=\"svchost\",process_id=\"812\"}"))
        << text;
    EXPECT_TRUE(contains(text, "windows_process_threads{process=\"Idle\",process_id=\"0\"}"));
    EXPECT_TRUE(contains(text, "windows_process_threads{process=\"Report\",process_id=\"900\"}"));
    EXPECT_FALSE(contains(text, "svchost.exe"));
    EXPECT_FALSE(contains(text, "System Idle Process"));
    EXPECT_TRUE(contains(text, "owner=\"SYSTEM\\\\NT AUTHORITY\""));
    EXPECT_TRUE(contains(text, "windows_service_state{name=\"Dhcp\",state=\"start pending\"} 1\n"));
    EXPECT_TRUE(contains(text, "windows_service_state{name=\"Dhcp\",state=\"running\"} 0\n"));
    EXPECT_FALSE(contains(text, "start_pending"));
    // Whole seconds, as windows_exporter writes them.
    EXPECT_TRUE(
        contains(text, "windows_service_process{name=\"Dhcp\",process_id=\"812\"} 1700000100\n"));
    EXPECT_TRUE(contains(
        text, "windows_service_process{name=\"Restarted\",process_id=\"5150\"} 1700000200\n"));
    EXPECT_FALSE(contains(text, "windows_service_process{name=\"Gone\""));
    EXPECT_TRUE(contains(text,
                         "windows_net_nic_info{nic=\"Intel[R] Ethernet Connection [7] I219-V _2\","
                         "friendly_name=\"Ethernet 2\",mac=\"0A:1B:2C:3D:4E:5F\"} 1\n"))
        << text;
    EXPECT_TRUE(contains(
        text,
        "windows_net_bytes_received_total{nic=\"Intel[R] Ethernet Connection [7] I219-V _2\"}"));
    EXPECT_TRUE(contains(text, "build_number=\"19045\",revision=\"3570\"} 1\n"));
}

}  // namespace sysmetrics
