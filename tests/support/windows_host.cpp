#include "tests/support/windows_host.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/battery.h"
#include "collectors/cpu.h"
#include "collectors/cpu_groups.h"
#include "collectors/cpu_info.h"
#include "collectors/cpu_pdh.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/network.h"
#include "collectors/pagefile.h"
#include "collectors/physical_disk.h"
#include "collectors/process.h"
#include "collectors/service.h"
#include "collectors/system.h"
#include "collectors/tcp.h"
#include "collectors/thermalzone.h"
#include "collectors/time.h"
#include "config/connection_settings.h"
#include "config/process_settings.h"
#include "tests/support/processor_raw.h"

namespace sysmetrics {

namespace {

constexpr double kPdhTimeBase = 1e7;  // PdhGetCounterTimeBase on every Windows since Vista

// The processors as the cpu probe reads them once at start: each NUMA node is one package
// (socket) of one core with two logical processors, a 256 KiB L2 and a 12 MiB L3
// (GetLogicalProcessorInformationEx(RelationAll)); SMBIOS 3.3 lists both sockets populated, Core
// i7 family (198), with their cache structures; the registry names processors 0 and 2.
CpuInfo cpuInfo() {
    GlpiBuffer glpi;
    glpi.groups({4});
    addPackage(glpi, 0, 0, 1, 2, 256 * 1024, 12 * 1024 * 1024, 1);
    addPackage(glpi, 0, 2, 1, 2, 256 * 1024, 12 * 1024 * 1024, 1);
    glpi.numa(0, {0, 0x3}).numa(1, {0, 0xC});
    SmbiosTable smbios;
    smbios.cache(0x0010, 0x0100).cache(0x0011, 0x3000).cache(0x0012, 0x0100).cache(0x0013, 0x3000);
    smbios.processor(0x0004, true, 198, 1, 1, 2, 0x0010, 0x0011);
    smbios.processor(0x0005, true, 198, 1, 1, 2, 0x0012, 0x0013);
    // HKLM\HARDWARE\DESCRIPTION\System\CentralProcessor\N, N = 0 and 2.
    const auto registry = [](std::uint32_t) {
        return ProcessorRegistryStrings{"Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz  ",
                                        "Intel64 Family 6 Model 158 Stepping 10"};
    };
    const ProcessorTopology topology = glpi.topology();
    CpuInfo info;
    info.model_name = "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz";
    info.logical_processors = 4;
    info.physical_cores = topology.cores;
    info.sockets = static_cast<std::uint32_t>(topology.packages.size());
    info.numa_nodes = topology.numa_nodes;
    std::vector<std::string> notes;
    info.packages = cpuPackages(topology, smbios.processors(), 9 /* x64 */, registry, notes);
    return info;
}

// Two NUMA nodes in one processor group of four: the NT calls number the processors 0..3 of
// group 0; PDH's Processor Information, and so windows_exporter, names them "0,0", "0,1" (node 0)
// and "1,0", "1,1" (node 1). The probe renames the cores by the NUMA layout and joins PDH's rows
// by those names, as here.
std::shared_ptr<CpuSection> cpu() {
    CpuSample sample;
    for (std::uint32_t i = 0; i < 4; ++i) {
        WindowsProcessorTimes raw;  // SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION, 100 ns units
        raw.idle = 9000000000 + i;
        raw.kernel = 12000000000 + i;
        raw.user = 3000000000;
        raw.dpc = 100000000;
        raw.interrupt = 50000000;
        raw.interrupt_count = 123456 + i;
        CoreTimes core = coreTimesFromWindows(windowsCoreLabel(0, i), raw);
        core.dpcs = 4567 + i;       // SYSTEM_INTERRUPT_INFORMATION
        core.frequency_mhz = 2904;  // PROCESSOR_POWER_INFORMATION
        sample.cores.push_back(core);
    }
    std::vector<std::uint8_t> layout;  // GetLogicalProcessorInformationEx(RelationNumaNodeEx)
    appendNumaNode(layout, 0, {{0, 0x3}}, 1, ProcessorRelation::numa_node_ex);
    appendNumaNode(layout, 1, {{0, 0xC}}, 1, ProcessorRelation::numa_node_ex);
    applyCoreLabels(sample.cores, numaCoreLabels(parseLogicalProcessorInformationEx(
                                      layout.data(), layout.size())));
    // PDH Processor Information raw, every instance, read twice a second apart: the rtc base
    // moves 64e6 ticks, mperf 2.9e6.
    const std::vector<std::string> instances = {"_Total",   "0,_Total", "0,0", "0,1",
                                                "1,_Total", "1,0",      "1,1"};
    ProcessorInformationReader reader;
    interpretRaw(reader, processorInformationArrays(instances, 640'000'000, 29'000'000));
    joinProcessorInformation(
        sample.cores,
        interpretRaw(reader, processorInformationArrays(instances, 704'000'000, 31'900'000)));
    sample.context_switches = 987654321;
    sample.system_calls = 1234567890;
    sample.interrupts = 246913;
    sample.exception_dispatches = 4321;
    sample.processor_queue_length = 3;
    sample.processor_utility_percent = 42.5;
    sample.processor_performance_percent = 97;
    sample.info = cpuInfo();
    return std::make_shared<CpuSection>(cpuSectionFrom(nullptr, sample, 0));
}

std::shared_ptr<MemorySection> memory() {
    WindowsMemoryCounters raw;  // GlobalMemoryStatusEx and GetPerformanceInfo
    raw.memory_load = 62;
    raw.total_phys = 17179869184;
    raw.avail_phys = 6442450944;
    raw.total_page_file = 19327352832;
    raw.avail_page_file = 9663676416;
    raw.total_virtual = 140737488224256;
    raw.have_performance_info = true;
    raw.page_size = 4096;
    raw.commit_total_pages = 2359296;
    raw.commit_limit_pages = 4718592;
    raw.commit_peak_pages = 3145728;
    raw.system_cache_pages = 1048576;
    raw.kernel_paged_pages = 131072;
    raw.kernel_nonpaged_pages = 65536;
    raw.file_cache_current_bytes = 536870912;
    auto section = std::make_shared<MemorySection>(memoryFromWindowsCounters(raw));
    WindowsMemoryActivitySources sources;  // PDH \Memory raw FirstValues, every counter there
    sources.page_size = raw.page_size;
    std::int64_t value = 1000;
    for (const auto& counter : kMemoryPdhCounters) {
        sources.pdh[counter] = value;
        value += 4096;
    }
    applyMemoryActivity(sources, *section);
    return section;
}

std::shared_ptr<SystemSection> system() {
    auto s = std::make_shared<SystemSection>();
    s->hostname = "web01";
    s->domain = "corp.example";
    s->fqdn = "web01.corp.example";
    s->os_family = "windows";
    s->os_product = windowsProductName("Windows 10 Pro", 22631);
    s->os_major = 10;
    s->os_build = 22631;
    s->os_version = "10.0.22631";
    s->os_revision = 4460;
    s->architecture = "x86_64";
    s->boot_time = bootTimeFromTicks(1700086400.0, 86400000);
    s->uptime_seconds = 86400;
    s->logical_cpus = 4;
    s->processes = 4;
    s->threads = 1234;
    s->handles = 56789;
    s->timezone = "W. Europe Standard Time";
    s->logged_on_users = 2;
    return s;
}

PdhRawCounters diskPdh(const std::vector<std::string>& counters,
                       const std::vector<std::string>& instances) {
    PdhRawCounters raw;
    std::int64_t value = 5;
    for (const auto& counter : counters) {
        for (const auto& instance : instances) {
            raw[counter].push_back({instance, value});
        }
        raw[counter].push_back({"_Total", value * 2});
        value += 1000000;
    }
    return raw;
}

std::shared_ptr<DiskSection> disks() {
    auto section = std::make_shared<DiskSection>();
    DiskInfo c;
    c.mount_points = {"C:\\"};
    c.nt_device = "HarddiskVolume3";
    c.volume = logicalDiskName(c.mount_points, "\\Device\\HarddiskVolume3");
    c.device = "\\\\?\\Volume{4c1b02c1-d990-11dc-99ae-806e6f6e6963}\\";
    c.fs_type = "NTFS";
    c.label = "System";
    c.drive_type = "fixed";
    c.volume_type = logicalDiskTypeLabel(3);  // DRIVE_FIXED
    c.serial_number = volumeSerialLabel(0x1a2b3c4d);
    c.disk_ids = diskIdsLabel({0});
    c.size_bytes = 511101108224;
    c.free_bytes = 211101108224;
    c.available_bytes = 211101108224;
    DiskInfo unlettered = c;
    unlettered.mount_points = {};
    unlettered.nt_device = "HarddiskVolume1";
    unlettered.volume = logicalDiskName({}, "\\Device\\HarddiskVolume1");
    unlettered.label = "Recovery";
    unlettered.serial_number = volumeSerialLabel(0xbeef);
    section->disks = {c, unlettered};
    section->source = "pdh";
    applyLogicalDiskPdh(diskPdh(logicalDiskPdhCounters(), {"C:", "HarddiskVolume1"}), kPdhTimeBase,
                        section->disks);
    return section;
}

std::shared_ptr<PhysicalDiskSection> physicalDisks() {
    auto section = std::make_shared<PhysicalDiskSection>();
    section->source = "pdh";
    section->disks =
        physicalDisksFromPdh(diskPdh(kPhysicalDiskPdhCounters, {"0 C:", "1"}), kPdhTimeBase);
    return section;
}

std::shared_ptr<TimeSection> time() {
    auto section = std::make_shared<TimeSection>();
    section->timezone = "W. Europe Standard Time";  // GetDynamicTimeZoneInformation TimeZoneKeyName
    section->clock_sync_source = "NT5DS";           // W32Time\Parameters Type of a domain member
    PdhRawCounters raw;  // PDH "Windows Time Service" raw FirstValues (no instances)
    raw["Clock Frequency Adjustment"] = {{"", 12}};
    raw["Clock Frequency Adjustment (ppb)"] = {{"", 7500}};
    raw["Computed Time Offset"] = {{"", -1500}};  // microseconds
    raw["NTP Client Time Source Count"] = {{"", 1}};
    raw["NTP Roundtrip Delay"] = {{"", 2750}};  // microseconds
    raw["NTP Server Incoming Requests"] = {{"", 42}};
    raw["NTP Server Outgoing Responses"] = {{"", 40}};
    section->w32time = w32TimeFromPdh(raw);
    return section;
}

std::shared_ptr<PagefileSection> pagefile() {
    // PDH "Paging File" raw, every instance: % Usage and % Usage Peak in pages; the file's size
    // (GetFileAttributesExW) is the 2 GiB the memory section's commit limit has above RAM.
    PdhRawCounters raw;
    raw["% Usage"] = {{"\\??\\C:\\pagefile.sys", 262144}, {"_Total", 262144}};
    raw["% Usage Peak"] = {{"\\??\\C:\\pagefile.sys", 393216}, {"_Total", 393216}};
    auto section = std::make_shared<PagefileSection>();
    section->source = "pdh";
    for (const auto& file : pagefilesFromPdh(raw)) {
        section->files.push_back(pagefileFromPdh(file, 2147483648, 4096));
    }
    return section;
}

std::shared_ptr<NetworkSection> network() {
    auto section = std::make_shared<NetworkSection>();
    InterfaceInfo nic;  // GetIfTable2 and GetAdaptersAddresses
    nic.description = "Intel(R) Ethernet Connection (7) I219-V";
    nic.name = nicLabel(nic.description);
    nic.friendly_name = "Ethernet";
    const std::uint8_t mac[6] = {0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f};
    nic.mac = formatMac(mac, sizeof mac);
    nic.index = 7;
    nic.oper_status = "up";
    nic.speed_bits_per_second = 1000000000;
    nic.mtu = 1500;
    nic.type = "ethernet";
    nic.pdh_instance = true;  // bound to IPv4 and IPv6 (GetIpInterfaceTable)
    nic.bytes_received = 123456789;
    nic.bytes_sent = 98765432;
    nic.packets_received = 234567;
    nic.packets_sent = 123456;
    nic.receive_errors = 1;
    nic.transmit_errors = 2;
    nic.receive_discards = 3;
    nic.transmit_discards = 4;
    nic.packets_received_unknown = 5;
    nic.output_queue_length = 0;
    nic.ipv4 = {"192.0.2.10"};
    nic.ipv6 = {"2001:db8::10"};
    nic.global_addresses = {{"ipv4", "192.0.2.10"}, {"ipv6", "2001:db8::10"}};
    section->interfaces = {nic};
    makeNicLabelsUnique(section->interfaces);
    return section;
}

ServiceInfo service(const std::string& name, std::uint32_t state, std::uint32_t start_type,
                    std::uint32_t pid) {
    ServiceInfo s;  // EnumServicesStatusExW and QueryServiceConfigW
    s.name = name;
    s.display_name = name + " service";
    s.state = serviceStateName(state);
    s.start_type = serviceStartTypeName(start_type);
    s.pid = pid;
    s.path = "C:\\Windows\\system32\\svchost.exe -k " + name;
    s.account = "NT AUTHORITY\\LocalService";
    return s;
}

ProcessInfo process(std::uint32_t pid, std::uint32_t ppid, const std::string& image_name,
                    double create_time) {
    ProcessInfo p;  // SYSTEM_PROCESS_INFORMATION
    p.pid = pid;
    p.ppid = ppid;
    p.name = image_name;
    p.create_time = create_time;
    p.user_seconds = 12.5;
    p.kernel_seconds = 3.25;
    p.working_set_bytes = 104857600;
    p.working_set_peak_bytes = 209715200;
    p.working_set_private_bytes = 52428800;
    p.private_bytes = 62914560;
    p.virtual_bytes = 2199023255552;
    p.virtual_peak_bytes = 2199023255552;
    p.page_file_bytes = 62914560;
    p.page_faults = 345678;
    p.page_faults_wrap_32 = true;
    p.paged_pool_bytes = 204800;
    p.nonpaged_pool_bytes = 20480;
    p.handles = 321;
    p.thread_count = 12;
    p.base_priority = 8;
    p.session_id = 0;
    p.io_read_bytes = 1048576;
    p.io_write_bytes = 524288;
    p.io_other_bytes = 4096;
    p.io_read_ops = 100;
    p.io_write_ops = 50;
    p.io_other_ops = 10;
    return p;
}

std::shared_ptr<ProcessSection> processes() {
    auto section = std::make_shared<ProcessSection>();
    section->logical_cpus = 4;
    section->physical_memory_bytes = 17179869184;
    section->processes = {process(0, 0, "System Idle Process", 0), process(4, 0, "System", 0),
                          process(812, 640, "svchost.exe", 1700000100.5),
                          process(5120, 4888, "sysmetrics.exe", 1700000200)};
    auto details = std::make_shared<ProcessDetails>();  // what opening the process adds
    details->owner = "NT AUTHORITY\\SYSTEM";
    details->cmdline = "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p";
    details->exe = "C:\\Windows\\System32\\svchost.exe";
    section->processes[2].details = details;
    section->stats.seen = section->processes.size();
    return section;
}

std::shared_ptr<ServiceSection> services() {
    auto section = std::make_shared<ServiceSection>();
    section->services = {service("Dhcp", 4 /* SERVICE_RUNNING */, 2 /* auto */, 812),
                         service("W32Time", 2 /* SERVICE_START_PENDING */, 3 /* demand */, 0),
                         service("Fax", 1 /* SERVICE_STOPPED */, 4 /* disabled */, 0)};
    return section;
}

TcpCounters tcpFamily(const std::string& family) {
    TcpCounters t;  // MIB_TCPSTATS2 (GetTcpStatisticsEx2)
    t.family = family;
    t.source = "GetTcpStatisticsEx2";
    t.active_opens = 1000;
    t.passive_opens = 2000;
    t.attempt_fails = 30;
    t.estab_resets = 40;
    t.curr_estab = 12;
    t.in_segs = 500000;
    t.out_segs = 400000;
    t.retrans_segs = 600;
    t.in_errs = 7;
    t.out_rsts = 80;
    return t;
}

UdpCounters udpFamily(const std::string& family) {
    UdpCounters u;  // MIB_UDPSTATS2 (GetUdpStatisticsEx2)
    u.family = family;
    u.source = "GetUdpStatisticsEx2";
    u.in_datagrams = 90000;
    u.no_ports = 310;
    u.in_errors = 4;
    u.out_datagrams = 85000;
    return u;
}

std::shared_ptr<TcpSection> tcp() {
    auto section = std::make_shared<TcpSection>();
    section->families = {tcpFamily("ipv4"), tcpFamily("ipv6")};
    section->udp = {udpFamily("ipv4"), udpFamily("ipv6")};
    return section;
}

std::shared_ptr<ConnectionSection> connections() {
    auto section = std::make_shared<ConnectionSection>();
    Connection listen;  // GetExtendedTcpTable TCP_TABLE_OWNER_PID_ALL
    listen.proto = "tcp";
    listen.local_address = "0.0.0.0";
    listen.local_port = 9182;
    listen.state = windowsTcpStateName(2);  // MIB_TCP_STATE_LISTEN
    listen.pid = 5120;
    Connection established = listen;
    established.family = 6;
    established.local_address = "2001:db8::10";
    established.remote_address = "2001:db8::1";
    established.remote_port = 51000;
    established.state = windowsTcpStateName(5);  // MIB_TCP_STATE_ESTAB
    section->connections = {listen, established};
    return section;
}

std::shared_ptr<ThermalZoneSection> thermalZones() {
    // PDH Thermal Zone Information raw (PERF_COUNTER_RAWCOUNT), as PdhGetRawCounterArrayW lists
    // the instances: High Precision Temperature in tenths of a kelvin.
    PdhRawCounters raw;
    raw["High Precision Temperature"] = {{"\\_TZ.THRM", 3132}, {"\\_TZ.CPUZ", 3232}};
    raw["% Passive Limit"] = {{"\\_TZ.THRM", 100}, {"\\_TZ.CPUZ", 80}};
    raw["Throttle Reasons"] = {{"\\_TZ.THRM", 0}, {"\\_TZ.CPUZ", 1}};
    auto section = std::make_shared<ThermalZoneSection>();
    section->zones = thermalZonesFromPdh(raw);
    return section;
}

std::shared_ptr<BatterySection> battery() {
    WindowsPowerRaw raw;  // GetSystemPowerStatus and SystemBatteryState
    raw.ac_line_status = 1;
    raw.battery_flag = 8;
    raw.life_percent = 80;
    raw.have_battery_state = true;
    raw.battery_present = true;
    raw.charging = true;
    raw.max_capacity_mwh = 50000;
    raw.remaining_capacity_mwh = 40000;
    raw.rate_mw = 15000;
    return std::make_shared<BatterySection>(batteryFromWindows(raw));
}

}  // namespace

Snapshot recordedWindowsHost() {
    Snapshot snapshot;
    snapshot.version = 1;
    snapshot.sections[CpuSection::kName] = cpu();
    snapshot.sections[MemorySection::kName] = memory();
    snapshot.sections[SystemSection::kName] = system();
    snapshot.sections[DiskSection::kName] = disks();
    snapshot.sections[PhysicalDiskSection::kName] = physicalDisks();
    snapshot.sections[NetworkSection::kName] = network();
    snapshot.sections[ProcessSection::kName] = processes();
    snapshot.sections[ServiceSection::kName] = services();
    snapshot.sections[TcpSection::kName] = tcp();
    snapshot.sections[ConnectionSection::kName] = connections();
    snapshot.sections[BatterySection::kName] = battery();
    snapshot.sections[TimeSection::kName] = time();
    snapshot.sections[PagefileSection::kName] = pagefile();
    snapshot.sections[ThermalZoneSection::kName] = thermalZones();
    for (const auto& entry : snapshot.sections) {
        CollectorStatus status;
        status.name = entry.first;
        status.state = CollectorState::ok;
        status.last_success = 1700086400;
        snapshot.status[entry.first] = status;
    }
    return snapshot;
}

SettingsMap recordedWindowsHostSettings() {
    auto processes = std::make_shared<ProcessSettings>();
    processes->per_process = true;
    // Built on Linux too, where the per-state connection counts are off by default.
    auto connections = std::make_shared<ConnectionSettings>();
    connections->state_counts = true;
    SettingsMap settings;
    settings.set(ProcessSettings::kCollector, processes);
    settings.set(ConnectionSettings::kCollector, connections);
    return settings;
}

}  // namespace sysmetrics
