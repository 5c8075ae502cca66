// windows_exporter's cpu_info families without WMI: GetLogicalProcessorInformationEx buffers and
// SMBIOS tables built to their documented layouts (winnt.h for 64-bit Windows; DMTF DSP0134),
// interpreted per processor package, and the exposition they give.
#include <gtest/gtest.h>

#include <cstring>

#include "collectors/cpu_info.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/metrics_endpoint.h"
#include "service/collector_catalog.h"
#include "tests/support/processor_raw.h"

namespace sysmetrics {

namespace {

using test::put;

ProcessorRegistryStrings registryOf(std::uint32_t index) {
    return {"Model of processor " + std::to_string(index) + "     ",
            "Intel64 Family 6 Model 158 Stepping 10"};
}

}  // namespace

// ---- GetLogicalProcessorInformationEx ----

TEST(CpuTopology, OnePackageWithSmtCountsCoresProcessorsAndEachSharedCacheOnce) {
    GlpiBuffer b;
    b.groups({8});
    addPackage(b, 0, 0, 4, 2, 256 * 1024, 8 * 1024 * 1024, 4);
    b.numa(0, {0, 0xFF});
    const ProcessorTopology t = b.topology();
    ASSERT_EQ(t.packages.size(), 1u);
    EXPECT_EQ(t.packages[0].cores, 4u);
    EXPECT_EQ(t.packages[0].logical_processors, 8u);
    EXPECT_EQ(t.packages[0].l2_cache_bytes, 4u * 256 * 1024);   // one L2 per core
    EXPECT_EQ(t.packages[0].l3_cache_bytes, 8u * 1024 * 1024);  // shared by 8 LPs, counted once
    EXPECT_EQ(t.packages[0].first_processor_index, 0u);
    EXPECT_EQ(t.cores, 4u);
    EXPECT_EQ(t.numa_nodes, 1u);
    // The core entries say SMT.
    const auto entries = parseLogicalProcessorInformationEx(b.bytes().data(), b.bytes().size());
    std::size_t smt_cores = 0;
    for (const auto& e : entries) {
        smt_cores += e.relation == ProcessorRelation::core && e.smt;
    }
    EXPECT_EQ(smt_cores, 4u);
}

TEST(CpuTopology, TwoPackagesWithoutSmtEachKeepTheirOwnCoresAndCaches) {
    GlpiBuffer b;
    addPackage(b, 0, 0, 4, 1, 1024 * 1024, 16 * 1024 * 1024, 4);
    addPackage(b, 0, 4, 4, 1, 1024 * 1024, 16 * 1024 * 1024, 4);
    b.numa(0, {0, 0x0F}).numa(1, {0, 0xF0});
    const ProcessorTopology t = b.topology();
    ASSERT_EQ(t.packages.size(), 2u);
    for (const auto& p : t.packages) {
        EXPECT_EQ(p.cores, 4u);
        EXPECT_EQ(p.logical_processors, 4u);
        EXPECT_EQ(p.l2_cache_bytes, 4u * 1024 * 1024);
        EXPECT_EQ(p.l3_cache_bytes, 16u * 1024 * 1024);
    }
    EXPECT_EQ(t.packages[0].first_processor_index, 0u);
    EXPECT_EQ(t.packages[1].first_processor_index, 4u);
    EXPECT_EQ(t.cores, 8u);
    EXPECT_EQ(t.numa_nodes, 2u);
}

// windows_exporter's own sample (PR 1597): a Ryzen 9 5900X is one package of 12 SMT cores with
// 512 KiB of L2 each and two 32 MiB L3s (one per CCD): WMI says 6144 and 65536.
TEST(CpuTopology, TwoL3sOfOnePackageAddUp) {
    GlpiBuffer b;
    addPackage(b, 0, 0, 12, 2, 512 * 1024, 32 * 1024 * 1024, 6);
    const ProcessorTopology t = b.topology();
    ASSERT_EQ(t.packages.size(), 1u);
    EXPECT_EQ(t.packages[0].cores, 12u);
    EXPECT_EQ(t.packages[0].logical_processors, 24u);
    EXPECT_EQ(t.packages[0].l2_cache_bytes / 1024, 6144u);
    EXPECT_EQ(t.packages[0].l3_cache_bytes / 1024, 65536u);
}

TEST(CpuTopology, PackagesInTwoProcessorGroupsAndTheOldCacheLayout) {
    GlpiBuffer b;
    b.groups({16, 16});
    for (std::uint16_t group = 0; group < 2; group++) {
        std::uint64_t all = 0;
        for (unsigned c = 0; c < 8; c++) {
            const std::uint64_t mask = std::uint64_t{3} << (2 * c);
            all |= mask;
            b.core(mask, true, group);
            // Windows 10: the cache's GroupCount is reserved (0), one mask follows.
            b.cache(2, 2 * 1024 * 1024, 0, {{group, mask}}, false);
        }
        b.cache(3, 30 * 1024 * 1024, 0, {{group, all}}, false);
        b.package({{group, all}});
    }
    const ProcessorTopology t = b.topology();
    ASSERT_EQ(t.packages.size(), 2u);
    EXPECT_EQ(t.packages[1].first_processor_index, 16u);
    for (const auto& p : t.packages) {
        EXPECT_EQ(p.cores, 8u);
        EXPECT_EQ(p.logical_processors, 16u);
        EXPECT_EQ(p.l2_cache_bytes, 16u * 1024 * 1024);
        EXPECT_EQ(p.l3_cache_bytes, 30u * 1024 * 1024);
    }
}

// Windows 11: a cache (or package) spanning two groups lists a mask per group; it is still one
// cache, counted once, in the package of its first processor.
TEST(CpuTopology, ACacheWithMasksInTwoGroupsIsOneCache) {
    GlpiBuffer b;
    b.core(0x1, false, 0).core(0x1, false, 1);
    b.cache(3, 8 * 1024 * 1024, 0, {{0, 0x1}, {1, 0x1}});
    b.processor(ProcessorRelation::package, false, {{0, 0x1}, {1, 0x1}});
    const ProcessorTopology t = b.topology();
    ASSERT_EQ(t.packages.size(), 1u);
    EXPECT_EQ(t.packages[0].cores, 2u);
    EXPECT_EQ(t.packages[0].logical_processors, 2u);
    EXPECT_EQ(t.packages[0].l3_cache_bytes, 8u * 1024 * 1024);
}

TEST(CpuTopology, ABrokenEntryEndsTheWalkAndTraceCachesAreNotL2) {
    GlpiBuffer b;
    b.core(0x1).cache(2, 12 * 1024, 3 /* trace */, {{0, 0x1}}).package({{0, 0x1}});
    auto bytes = b.bytes();
    const ProcessorTopology whole =
        processorTopology(parseLogicalProcessorInformationEx(bytes.data(), bytes.size()));
    ASSERT_EQ(whole.packages.size(), 1u);
    EXPECT_EQ(whole.packages[0].l2_cache_bytes, 0u);
    // Cut inside the package entry: the walk stops before it.
    EXPECT_TRUE(
        processorTopology(parseLogicalProcessorInformationEx(bytes.data(), bytes.size() - 1))
            .packages.empty());
    // An entry whose Size is 0 ends the walk (no endless loop).
    put<std::uint32_t>(bytes, 4, 0);
    EXPECT_TRUE(parseLogicalProcessorInformationEx(bytes.data(), bytes.size()).empty());
    EXPECT_TRUE(parseLogicalProcessorInformationEx(nullptr, 100).empty());
}

// ---- SMBIOS ----

TEST(Smbios, ProcessorsWithTheirFamilyCountsAndCacheSizes) {
    SmbiosTable table;
    table.structure(std::vector<std::uint8_t>(0x1A, 0), 0, 0x0000, {"Vendor", "1.0", "01/01/2024"});
    table.cache(0x0011, 0x0600);           // 1536 KiB, 1 KiB granularity
    table.cache(0x0012, 0x8000 | 0x00C0);  // 192 x 64 KiB = 12288 KiB
    table.processor(0x0004, true, 198, 6, 6, 12, 0x0011, 0x0012);
    const auto processors = table.processors();
    ASSERT_EQ(processors.size(), 1u);
    const SmbiosProcessor& p = processors[0];
    EXPECT_TRUE(p.populated);
    EXPECT_EQ(p.family, 198);  // Intel Core i7
    EXPECT_EQ(p.core_count, 6u);
    EXPECT_EQ(p.core_enabled, 6u);
    EXPECT_EQ(p.thread_count, 12u);
    EXPECT_EQ(p.l2_cache_kib, 1536u);
    EXPECT_EQ(p.l3_cache_kib, 12288u);
}

TEST(Smbios, Family2CoreCount2AndInstalledCacheSize2) {
    SmbiosTable table;
    // Installed Size 0xFFFF: Installed Cache Size 2 holds it (bit 31: 64 KiB units).
    table.cache(0x0020, 0xFFFF, 0x80000000u | 6144);  // 6144 x 64 KiB = 384 MiB
    table.processor(0x0010, true, 0xFE, 0xFF, 0xFF, 0xFF, 0xFFFF, 0x0020);
    auto raw = table.raw();
    // Processor Family 2 = 0x0101 (SMBIOS "ARMv8"), Core Count 2 = 320, Core Enabled 2 = 300,
    // Thread Count 2 = 640 in the type 4 structure, which follows the 0x1B-byte cache and its
    // string set ("L2 Cache" + NUL + NUL).
    const std::size_t type4 = 8 + 0x1B + 9 + 1;
    ASSERT_EQ(raw[type4], 4);
    put<std::uint16_t>(raw, type4 + 0x28, 0x0101);
    put<std::uint16_t>(raw, type4 + 0x2A, 320);
    put<std::uint16_t>(raw, type4 + 0x2C, 300);
    put<std::uint16_t>(raw, type4 + 0x2E, 640);
    const auto processors = parseSmbiosProcessors(raw.data(), raw.size());
    ASSERT_EQ(processors.size(), 1u);
    EXPECT_EQ(processors[0].family, 0x0101);
    EXPECT_EQ(processors[0].core_count, 320u);
    EXPECT_EQ(processors[0].core_enabled, 300u);
    EXPECT_EQ(processors[0].thread_count, 640u);
    EXPECT_FALSE(processors[0].l2_cache_kib.has_value());  // handle 0xFFFF: no L2 structure
    EXPECT_EQ(processors[0].l3_cache_kib, 6144u * 64);
}

TEST(Smbios, OldShortStructuresUnpopulatedSocketsAndUnknownCounts) {
    SmbiosTable table;
    table.processor(0x0004, true, 0xB3, 4, 4, 8, 0xFFFF, 0xFFFF, 0x1A);  // SMBIOS 2.0: no counts
    table.processor(0x0005, false, 0x02, 0, 0, 0);                       // empty socket
    table.processor(0x0006, true, 0x6B, 8, 0, 16, 0x0099);  // Core Enabled unknown, no handle 0x99
    const auto processors = table.processors();
    ASSERT_EQ(processors.size(), 3u);
    EXPECT_EQ(processors[0].family, 0xB3);
    EXPECT_TRUE(processors[0].populated);
    EXPECT_FALSE(processors[0].core_count.has_value());
    EXPECT_FALSE(processors[1].populated);
    EXPECT_EQ(processors[2].core_count, 8u);
    EXPECT_FALSE(processors[2].core_enabled.has_value());
    EXPECT_FALSE(processors[2].l2_cache_kib.has_value());
    // A table cut inside a structure keeps the ones before it.
    const auto raw = table.raw();
    EXPECT_EQ(parseSmbiosProcessors(raw.data(), 8 + 0x1A + 30).size(), 1u);
    EXPECT_TRUE(parseSmbiosProcessors(raw.data(), 7).empty());
}

// ---- Packages as Win32_Processor instances ----

TEST(CpuPackages, SmbiosValuesWhereItHasThemAndTheTopologyWhereNot) {
    GlpiBuffer b;
    addPackage(b, 0, 0, 4, 2, 256 * 1024, 8 * 1024 * 1024, 4);
    addPackage(b, 0, 8, 4, 2, 256 * 1024, 8 * 1024 * 1024, 4);
    SmbiosTable table;
    table.cache(0x0011, 0x0400).cache(0x0012, 0x2000);
    table.processor(0x0004, false, 0x02, 0, 0, 0);  // an empty socket first: skipped
    table.processor(0x0005, true, 179, 6, 4, 8, 0x0011, 0x0012);
    table.processor(0x0006, true, 179, 0, 0, 0);  // counts unknown, no caches
    std::vector<std::uint32_t> asked;
    const auto registry = [&](std::uint32_t index) {
        asked.push_back(index);
        return registryOf(index);
    };
    std::vector<std::string> notes;
    const auto packages = cpuPackages(b.topology(), table.processors(), 9, registry, notes);
    ASSERT_EQ(packages.size(), 2u);
    EXPECT_EQ(asked, (std::vector<std::uint32_t>{0, 8}));  // each package's first processor
    const CpuPackageInfo& p0 = packages[0];
    EXPECT_EQ(p0.device_id, "CPU0");
    EXPECT_EQ(p0.architecture, 9);
    EXPECT_EQ(p0.name, "Model of processor 0");  // trailing spaces cut
    EXPECT_EQ(p0.description, "Intel64 Family 6 Model 158 Stepping 10");
    EXPECT_EQ(p0.family, 179);
    EXPECT_EQ(p0.cores, 6u);  // SMBIOS Core Count, not the 4 cores Windows runs
    EXPECT_EQ(p0.enabled_cores, 4u);
    EXPECT_EQ(p0.threads, 8u);
    EXPECT_EQ(p0.logical_processors, 8u);
    EXPECT_EQ(p0.l2_cache_kib, 1024u);
    EXPECT_EQ(p0.l3_cache_kib, 8192u);
    const CpuPackageInfo& p1 = packages[1];
    EXPECT_EQ(p1.device_id, "CPU1");
    EXPECT_EQ(p1.name, "Model of processor 8");
    EXPECT_EQ(p1.family, 179);
    EXPECT_EQ(p1.cores, 4u);
    EXPECT_EQ(p1.enabled_cores, 4u);
    EXPECT_EQ(p1.threads, 8u);
    EXPECT_EQ(p1.l2_cache_kib, 1024u);  // 4 x 256 KiB
    EXPECT_EQ(p1.l3_cache_kib, 8192u);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0],
              "CPU1: SMBIOS gives no core, enabled_core, thread, l2_cache_size, l3_cache_size; "
              "from GetLogicalProcessorInformationEx instead");
}

TEST(CpuPackages, WithoutSmbiosTheFamilyIsUnknownAndTheCountsAreWindowsOwn) {
    GlpiBuffer b;
    addPackage(b, 0, 0, 2, 1, 512 * 1024, 4 * 1024 * 1024, 2);
    std::vector<std::string> notes;
    const auto packages = cpuPackages(b.topology(), {}, 12, &registryOf, notes);
    ASSERT_EQ(packages.size(), 1u);
    EXPECT_EQ(packages[0].family, 2);
    EXPECT_EQ(packages[0].architecture, 12);
    EXPECT_EQ(packages[0].cores, 2u);
    EXPECT_EQ(packages[0].enabled_cores, 2u);
    EXPECT_EQ(packages[0].threads, 2u);
    EXPECT_EQ(packages[0].l2_cache_kib, 1024u);
    EXPECT_EQ(packages[0].l3_cache_kib, 4096u);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("CPU0: no populated SMBIOS processor structure"), std::string::npos);
    EXPECT_NE(notes[0].find("family is 2 (Unknown)"), std::string::npos);
}

// Wine on a host whose /sys has no cache directories (and some hypervisors): Windows lists no
// cache and SMBIOS has no processor structure. The cache sizes are unknown, not 0.
TEST(CpuPackages, CachesNoSourceKnowsAreLeftOutAndSaidSo) {
    GlpiBuffer b;
    b.core(0x1).core(0x2).package({{0, 0x3}});
    std::vector<std::string> notes;
    const auto packages = cpuPackages(b.topology(), {}, 9, &registryOf, notes);
    ASSERT_EQ(packages.size(), 1u);
    EXPECT_EQ(packages[0].cores, 2u);
    EXPECT_FALSE(packages[0].l2_cache_kib.has_value());
    EXPECT_FALSE(packages[0].l3_cache_kib.has_value());
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0],
              "CPU0: no populated SMBIOS processor structure matches it: family is 2 (Unknown); "
              "core, enabled_core, thread from GetLogicalProcessorInformationEx; l2_cache_size, "
              "l3_cache_size given by neither SMBIOS nor GetLogicalProcessorInformationEx: left "
              "out");
    auto cpu = std::make_shared<CpuSection>();
    cpu->sample.info.packages = packages;
    FamilyList out;
    appendCpuMetrics(*cpu, RenderContext(MetricNaming::windows), out);
    EXPECT_NE(out.find("windows_cpu_info_core"), nullptr);
    EXPECT_EQ(out.find("windows_cpu_info_l2_cache_size"), nullptr);
    EXPECT_EQ(out.find("windows_cpu_info_l3_cache_size"), nullptr);
}

TEST(CpuPackages, ArchitectureOfTheNativeMachine) {
    EXPECT_EQ(wmiArchitectureOfMachine(0x8664), 9);
    EXPECT_EQ(wmiArchitectureOfMachine(0xAA64), 12);
    EXPECT_EQ(wmiArchitectureOfMachine(0x014c), 0);
    EXPECT_EQ(wmiArchitectureOfMachine(0x01c4), 5);
    EXPECT_EQ(wmiArchitectureOfMachine(0x0200), 6);
    EXPECT_FALSE(wmiArchitectureOfMachine(0).has_value());
}

// ---- Exposition ----

namespace {

Snapshot cpuSnapshot() {
    CpuPackageInfo p;
    p.device_id = "CPU0";
    p.architecture = 9;
    p.description = "AMD64 Family 25 Model 33 Stepping 2";
    p.family = 107;
    p.name = "AMD Ryzen 9 5900X 12-Core Processor";
    p.cores = 12;
    p.enabled_cores = 12;
    p.logical_processors = 24;
    p.threads = 24;
    p.l2_cache_kib = 6144;
    p.l3_cache_kib = 65536;
    auto cpu = std::make_shared<CpuSection>();
    cpu->sample.info.packages = {p};
    CoreTimes core;
    core.id = "0,0";
    core.seconds = {{"user", 1}, {"privileged", 2}, {"idle", 3}, {"dpc", 4}, {"interrupt", 5}};
    cpu->sample.cores = {core};
    Snapshot snapshot;
    snapshot.version = 1;
    snapshot.sections["cpu"] = cpu;
    CollectorStatus status;
    status.name = "cpu";
    status.state = CollectorState::ok;
    snapshot.status["cpu"] = status;
    return snapshot;
}

}  // namespace

// windows_exporter's sample output (PR 1597), family by family: same names, types, labels and
// values.
TEST(CpuInfoMetrics, FamiliesAsWindowsExporterWritesThem) {
    MetricsEndpoint endpoint(MetricNaming::windows, RuntimeInfo(), catalogExpositions());
    const std::string text = endpoint.renderSnapshot(cpuSnapshot(), {});
    const char* expected[] = {
        "# TYPE windows_cpu_info gauge\n"
        "windows_cpu_info{architecture=\"9\",description=\"AMD64 Family 25 Model 33 Stepping "
        "2\",device_id=\"CPU0\",family=\"107\",name=\"AMD Ryzen 9 5900X 12-Core Processor\"} 1\n",
        "# TYPE windows_cpu_info_core gauge\nwindows_cpu_info_core{device_id=\"CPU0\"} 12\n",
        "# TYPE windows_cpu_info_enabled_core gauge\n"
        "windows_cpu_info_enabled_core{device_id=\"CPU0\"} 12\n",
        "# TYPE windows_cpu_info_logical_processor gauge\n"
        "windows_cpu_info_logical_processor{device_id=\"CPU0\"} 24\n",
        "# TYPE windows_cpu_info_thread gauge\nwindows_cpu_info_thread{device_id=\"CPU0\"} 24\n",
        "# TYPE windows_cpu_info_l2_cache_size gauge\n"
        "windows_cpu_info_l2_cache_size{device_id=\"CPU0\"} 6144\n",
        "# TYPE windows_cpu_info_l3_cache_size gauge\n"
        "windows_cpu_info_l3_cache_size{device_id=\"CPU0\"} 65536\n",
    };
    for (const char* part : expected) {
        EXPECT_NE(text.find(part), std::string::npos) << part << "\nin\n" << text;
    }
    EXPECT_EQ(text.find("core_count"), std::string::npos);  // the old label set is gone
}

TEST(CpuInfoMetrics, CollectCpuInfoSelectsOnlyTheCpuInfoFamilies) {
    MetricsEndpoint endpoint(MetricNaming::windows, RuntimeInfo(), catalogExpositions());
    const HttpResponse only = endpoint.serve(cpuSnapshot(), {"cpu_info"}, 1001);
    ASSERT_EQ(only.status, 200) << only.body;
    EXPECT_NE(only.body.find("windows_cpu_info_l3_cache_size{device_id=\"CPU0\"} 65536"),
              std::string::npos);
    EXPECT_NE(only.body.find("windows_cpu_info{"), std::string::npos);
    EXPECT_EQ(only.body.find("windows_cpu_time_total"), std::string::npos);
    // windows_exporter's cpu collector has no cpu_info families; ours (also named cpu) has all.
    const HttpResponse cpu = endpoint.serve(cpuSnapshot(), {"cpu"}, 1001);
    EXPECT_NE(cpu.body.find("windows_cpu_time_total"), std::string::npos);
    EXPECT_NE(cpu.body.find("windows_cpu_info_core{"), std::string::npos);
}

}  // namespace sysmetrics
