#include "collectors/memory.h"

#include <gtest/gtest.h>

#include <cstring>

#include "collectors/nt_layouts.h"
#include "http/prometheus/collector_metrics.h"

namespace sysmetrics {

namespace {
constexpr const char* kMeminfo =
    "MemTotal:       16384000 kB\n"
    "MemFree:         1024000 kB\n"
    "MemAvailable:    8192000 kB\n"
    "Buffers:          102400 kB\n"
    "Cached:          4096000 kB\n"
    "SwapTotal:       2048000 kB\n"
    "SwapFree:        2000000 kB\n"
    "CommitLimit:    10240000 kB\n"
    "Committed_AS:    6000000 kB\n"
    "SUnreclaim:        51200 kB\n"
    "Active(anon):     300000 kB\n"
    "HugePages_Total:       4\n";
}

TEST(MemoryFromMeminfo, ConvertsKilobytesAndMapsFields) {
    auto result = memoryFromMeminfo(kMeminfo);
    ASSERT_TRUE(result.ok());
    const MemorySection& m = result.value();
    EXPECT_EQ(m.physical_total_bytes, 16384000ull * 1024);
    EXPECT_EQ(m.physical_available_bytes, 8192000ull * 1024);
    EXPECT_EQ(m.physical_free_bytes, 1024000ull * 1024);
    EXPECT_EQ(m.swap_total_bytes, 2048000ull * 1024);
    EXPECT_EQ(m.commit_total_bytes, 6000000ull * 1024);
    EXPECT_EQ(m.system_cache_bytes, 4096000ull * 1024);
    EXPECT_EQ(m.load_percent, 50u);
    // Unit-less fields are counts, kept as they are.
    EXPECT_EQ(m.meminfo.at("HugePages_Total").value, 4u);
    EXPECT_FALSE(m.meminfo.at("HugePages_Total").bytes);
    EXPECT_TRUE(m.meminfo.at("Active(anon)").bytes);
}

TEST(MemoryFromMeminfo, OldKernelsWithoutMemAvailableEstimateIt) {
    auto result =
        memoryFromMeminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->physical_available_bytes, 400u * 1024);
}

TEST(MemoryFromMeminfo, RejectsTextWithoutMemTotal) {
    auto result = memoryFromMeminfo("garbage\n\x01\x02: x kB\n");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::invalid_data);
    EXPECT_NE(result.error().describe().find("MemTotal"), std::string::npos);
}

TEST(MemoryFromWindowsCounters, PagesBecomeBytesAndPageFilesAreTheCommitHeadroom) {
    WindowsMemoryCounters raw;
    raw.memory_load = 42;
    raw.total_phys = 8ull << 30;
    raw.avail_phys = 3ull << 30;
    raw.total_page_file = 10ull << 30;
    raw.avail_page_file = 6ull << 30;
    raw.have_performance_info = true;
    raw.page_size = 4096;
    raw.commit_total_pages = 1000000;
    raw.commit_limit_pages = (10ull << 30) / 4096;
    raw.commit_peak_pages = 1200000;
    raw.system_cache_pages = 250000;
    raw.kernel_paged_pages = 50000;
    raw.kernel_nonpaged_pages = 20000;
    const MemorySection m = memoryFromWindowsCounters(raw);
    EXPECT_EQ(m.physical_total_bytes, 8ull << 30);
    EXPECT_EQ(m.physical_available_bytes, 3ull << 30);
    EXPECT_EQ(m.load_percent, 42u);
    EXPECT_EQ(m.commit_total_bytes, 1000000ull * 4096);
    EXPECT_EQ(m.commit_limit_bytes, 10ull << 30);
    EXPECT_EQ(m.kernel_paged_bytes, 50000ull * 4096);
    EXPECT_EQ(m.kernel_nonpaged_bytes, 20000ull * 4096);
    EXPECT_EQ(m.system_cache_bytes, 250000ull * 4096);
    EXPECT_EQ(m.swap_total_bytes, 2ull << 30);
    EXPECT_FALSE(m.cache_working_set_bytes);  // no SystemFileCacheInformation: not guessed
}

// Windows audit W06: windows_memory_cache_bytes is the system cache working set (PDH Memory\Cache
// Bytes), not PERFORMANCE_INFORMATION.SystemCache, which adds the whole standby list.
TEST(WindowsMemory, CacheBytesIsTheCacheWorkingSetNotStandbyPlusWorkingSet) {
    std::vector<std::uint8_t> buffer(kFileCacheInformationSize, 0);
    const std::uint64_t working_set = 300ull << 20;
    std::memcpy(buffer.data(), &working_set, sizeof working_set);
    const std::uint64_t peak = 900ull << 20;
    std::memcpy(buffer.data() + 8, &peak, sizeof peak);
    WindowsMemoryCounters raw;
    raw.total_phys = 8ull << 30;
    raw.total_page_file = 10ull << 30;
    raw.have_performance_info = true;
    raw.page_size = 4096;
    raw.commit_limit_pages = (10ull << 30) / 4096;
    raw.system_cache_pages = (6ull << 30) / 4096;  // 6 GiB: mostly standby
    raw.file_cache_current_bytes = parseFileCacheCurrentSize(buffer.data(), buffer.size());
    const MemorySection m = memoryFromWindowsCounters(raw);
    EXPECT_EQ(m.cache_working_set_bytes, working_set);
    EXPECT_EQ(m.system_cache_bytes, 6ull << 30);  // JSON keeps its documented meaning
    FamilyList families;
    appendMemoryMetrics(m, MetricNaming::windows, families);
    const TextFamily* cache = families.find("windows_memory_cache_bytes");
    ASSERT_NE(cache, nullptr);
    EXPECT_EQ(cache->samples, "windows_memory_cache_bytes 314572800\n");
}

TEST(MemoryFromWindowsCounters, WithoutPerformanceInfoCommitComesFromPageFileFields) {
    WindowsMemoryCounters raw;
    raw.total_phys = 4ull << 30;
    raw.avail_phys = 1ull << 30;
    raw.total_page_file = 6ull << 30;
    raw.avail_page_file = 2ull << 30;
    const MemorySection m = memoryFromWindowsCounters(raw);
    EXPECT_EQ(m.commit_limit_bytes, 6ull << 30);
    EXPECT_EQ(m.commit_total_bytes, 4ull << 30);
    EXPECT_FALSE(m.kernel_paged_bytes.has_value());
}

namespace {

template <typename T>
void put(std::vector<std::uint8_t>& buffer, std::size_t offset, T value) {
    std::memcpy(buffer.data() + offset, &value, sizeof value);
}

// A SYSTEM_PERFORMANCE_INFORMATION as phnt documents it, with a distinct value in each field the
// memory counters read (and in their neighbours, to catch an offset off by one field).
std::vector<std::uint8_t> performanceInformation() {
    std::vector<std::uint8_t> buffer(kPerformanceInformationSize, 0);
    for (std::size_t offset = 0x20; offset < 0x138; offset += 4) {
        put<std::uint32_t>(buffer, offset, 0xAAAA0000u + static_cast<std::uint32_t>(offset));
    }
    put<std::uint32_t>(buffer, 0x3C, 1000);         // PageFaultCount
    put<std::uint32_t>(buffer, 0x40, 11);           // CopyOnWriteCount
    put<std::uint32_t>(buffer, 0x44, 300);          // TransitionCount
    put<std::uint32_t>(buffer, 0x4C, 400);          // DemandZeroCount
    put<std::uint32_t>(buffer, 0x50, 50);           // PageReadCount
    put<std::uint32_t>(buffer, 0x54, 20);           // PageReadIoCount
    put<std::uint32_t>(buffer, 0x60, 30);           // DirtyPagesWriteCount
    put<std::uint32_t>(buffer, 0x64, 3);            // DirtyWriteIoCount
    put<std::uint32_t>(buffer, 0x68, 7);            // MappedPagesWriteCount
    put<std::uint32_t>(buffer, 0x6C, 2);            // MappedWriteIoCount
    put<std::uint32_t>(buffer, 0x78, 5000);         // PagedPoolAllocs
    put<std::uint32_t>(buffer, 0x7C, 4000);         // PagedPoolFrees
    put<std::uint32_t>(buffer, 0x80, 10);           // NonPagedPoolAllocs, wrapped past 2^32 ...
    put<std::uint32_t>(buffer, 0x84, 0xFFFFFFF0u);  // ... while the frees have not yet
    put<std::uint32_t>(buffer, 0x88, 33554432);     // FreeSystemPtes
    put<std::uint32_t>(buffer, 0x8C, 100);          // ResidentSystemCodePage
    put<std::uint32_t>(buffer, 0x90, 200);          // TotalSystemDriverPages
    put<std::uint32_t>(buffer, 0x94, 300);          // TotalSystemCodePages
    put<std::uint32_t>(buffer, 0xA4, 400);          // ResidentSystemCachePage
    put<std::uint32_t>(buffer, 0xA8, 500);          // ResidentPagedPoolPage
    put<std::uint32_t>(buffer, 0xAC, 600);          // ResidentSystemDriverPage
    return buffer;
}

std::vector<std::uint8_t> fileCacheInformation() {
    std::vector<std::uint8_t> buffer(kFileCacheInformationSize, 0);
    put<std::uint64_t>(buffer, 0x00, 300ull << 20);  // CurrentSize
    put<std::uint64_t>(buffer, 0x08, 900ull << 20);  // PeakSize
    put<std::uint32_t>(buffer, 0x10, 777);           // PageFaultCount
    put<std::uint64_t>(buffer, 0x18, 1);             // MinimumWorkingSet
    put<std::uint32_t>(buffer, 0x38, 4242);          // TransitionRePurposeCount
    put<std::uint32_t>(buffer, 0x3C, 0xFFFF);        // Flags
    return buffer;
}

std::vector<std::uint8_t> memoryListInformation() {
    std::vector<std::uint8_t> buffer(0xB0, 0);
    put<std::uint64_t>(buffer, 0x00, 1000);  // ZeroPageCount
    put<std::uint64_t>(buffer, 0x08, 24);    // FreePageCount
    put<std::uint64_t>(buffer, 0x10, 500);   // ModifiedPageCount
    put<std::uint64_t>(buffer, 0x18, 9);     // ModifiedNoWritePageCount
    put<std::uint64_t>(buffer, 0x20, 1);     // BadPageCount
    for (std::uint64_t priority = 0; priority < 8; priority++) {
        put<std::uint64_t>(buffer, 0x28 + 8 * priority, 1ull << priority);  // PageCountByPriority
        put<std::uint64_t>(buffer, 0x68 + 8 * priority, 99);  // RepurposedPagesByPriority
    }
    put<std::uint64_t>(buffer, 0xA8, 77);  // ModifiedPageCountPageFile
    return buffer;
}

WindowsMemoryActivitySources ntSources() {
    WindowsMemoryActivitySources sources;
    sources.page_size = 4096;
    const auto performance = performanceInformation();
    sources.performance = parsePerformanceMemoryActivity(performance.data(), performance.size());
    const auto cache = fileCacheInformation();
    sources.file_cache = parseFileCacheInformation(cache.data(), cache.size());
    const auto lists = memoryListInformation();
    sources.lists = parseMemoryListInformation(lists.data(), lists.size());
    return sources;
}

}  // namespace

TEST(NtMemoryLayouts, PerformanceInformationMemoryFieldsAtTheirOffsets) {
    const auto buffer = performanceInformation();
    const auto a = parsePerformanceMemoryActivity(buffer.data(), buffer.size());
    ASSERT_TRUE(a);
    EXPECT_EQ(a->page_faults, 1000u);
    EXPECT_EQ(a->copy_on_writes, 11u);
    EXPECT_EQ(a->transition_faults, 300u);
    EXPECT_EQ(a->demand_zero_faults, 400u);
    EXPECT_EQ(a->pages_read, 50u);
    EXPECT_EQ(a->page_read_ios, 20u);
    EXPECT_EQ(a->dirty_pages_written, 30u);
    EXPECT_EQ(a->dirty_write_ios, 3u);
    EXPECT_EQ(a->mapped_pages_written, 7u);
    EXPECT_EQ(a->mapped_write_ios, 2u);
    EXPECT_EQ(a->paged_pool_allocs, 5000u);
    EXPECT_EQ(a->paged_pool_frees, 4000u);
    EXPECT_EQ(a->free_system_ptes, 33554432u);
    EXPECT_EQ(a->resident_system_code_pages, 100u);
    EXPECT_EQ(a->total_system_driver_pages, 200u);
    EXPECT_EQ(a->total_system_code_pages, 300u);
    EXPECT_EQ(a->resident_system_cache_pages, 400u);
    EXPECT_EQ(a->resident_paged_pool_pages, 500u);
    EXPECT_EQ(a->resident_system_driver_pages, 600u);
    // The CPU collector's fields of the same buffer are where they were.
    const auto activity = parsePerformanceInformation(buffer.data(), buffer.size());
    ASSERT_TRUE(activity);
    EXPECT_EQ(activity->context_switches, 0xAAAA0128u);
    EXPECT_FALSE(parsePerformanceMemoryActivity(buffer.data(), 0xAC));
    EXPECT_FALSE(parsePerformanceMemoryActivity(nullptr, buffer.size()));
}

TEST(NtMemoryLayouts, FileCacheAndMemoryListInformation) {
    const auto cache = fileCacheInformation();
    const auto c = parseFileCacheInformation(cache.data(), cache.size());
    ASSERT_TRUE(c);
    EXPECT_EQ(c->current_bytes, 300ull << 20);
    EXPECT_EQ(c->peak_bytes, 900ull << 20);
    EXPECT_EQ(c->page_faults, 777u);
    EXPECT_EQ(c->transition_repurposes, 4242u);
    // An answer without TransitionRePurposeCount (before Windows XP) keeps the rest.
    const auto shorter = parseFileCacheInformation(cache.data(), 0x24);
    ASSERT_TRUE(shorter);
    EXPECT_EQ(shorter->page_faults, 777u);
    EXPECT_FALSE(shorter->transition_repurposes);
    EXPECT_FALSE(parseFileCacheInformation(cache.data(), 0x10));

    const auto lists = memoryListInformation();
    const auto l = parseMemoryListInformation(lists.data(), lists.size());
    ASSERT_TRUE(l);
    EXPECT_EQ(l->zeroed, 1000u);
    EXPECT_EQ(l->free, 24u);
    EXPECT_EQ(l->modified, 500u);
    EXPECT_EQ(l->modified_no_write, 9u);
    for (std::size_t priority = 0; priority < 8; priority++) {
        EXPECT_EQ(l->standby_by_priority[priority], 1ull << priority) << priority;
    }
    EXPECT_TRUE(parseMemoryListInformation(lists.data(), kMemoryListInformationSize));
    EXPECT_FALSE(parseMemoryListInformation(lists.data(), kMemoryListInformationSize - 1));
}

TEST(WindowsMemoryActivity, FromTheNtSourcesAsPdhComputesThem) {
    MemorySection m;
    const auto missing = applyMemoryActivity(ntSources(), m);
    EXPECT_TRUE(missing.empty());
    EXPECT_EQ(m.page_faults, 1000u);
    EXPECT_EQ(m.write_copies, 11u);
    EXPECT_EQ(m.transition_faults, 300u);
    EXPECT_EQ(m.demand_zero_faults, 400u);
    EXPECT_EQ(m.pages_read, 50u);
    EXPECT_EQ(m.page_read_operations, 20u);
    // Output: page-file writes plus mapped-file writes; Pages/sec: input plus output.
    EXPECT_EQ(m.pages_written, 37u);
    EXPECT_EQ(m.page_write_operations, 5u);
    EXPECT_EQ(m.pages_read_or_written, 87u);
    // Pool allocs: not yet freed, across a wrap of the allocation count.
    EXPECT_EQ(m.pool_paged_allocs, 1000u);
    EXPECT_EQ(m.pool_nonpaged_allocs, 26u);
    EXPECT_EQ(m.free_system_page_table_entries, 33554432u);
    EXPECT_EQ(m.system_code_resident_bytes, 100u * 4096);
    EXPECT_EQ(m.system_driver_total_bytes, 200u * 4096);
    EXPECT_EQ(m.system_code_total_bytes, 300u * 4096);
    EXPECT_EQ(m.system_cache_resident_bytes, 400u * 4096);
    EXPECT_EQ(m.pool_paged_resident_bytes, 500u * 4096);
    EXPECT_EQ(m.system_driver_resident_bytes, 600u * 4096);
    EXPECT_EQ(m.cache_peak_bytes, 900ull << 20);
    EXPECT_EQ(m.cache_faults, 777u);
    EXPECT_EQ(m.transition_pages_repurposed, 4242u);
    EXPECT_EQ(m.free_and_zero_page_list_bytes, 1024u * 4096);
    EXPECT_EQ(m.modified_page_list_bytes, 500u * 4096);
    // Standby by page priority: reserve 0-3, normal 4-5, core 6-7.
    EXPECT_EQ(m.standby_cache_reserve_bytes, (1u + 2 + 4 + 8) * 4096);
    EXPECT_EQ(m.standby_cache_normal_priority_bytes, (16u + 32) * 4096);
    EXPECT_EQ(m.standby_cache_core_bytes, (64u + 128) * 4096);
}

TEST(WindowsMemoryActivity, PdhValuesComeFirstAndMissingSourcesLeaveCountersAbsent) {
    WindowsMemoryActivitySources sources = ntSources();
    sources.lists.reset();  // SystemMemoryListInformation refused (no privilege, or Wine)
    sources.pdh["Page Faults/sec"] = 123456;
    sources.pdh["Standby Cache Core Bytes"] = 8192;
    MemorySection m;
    const auto missing = applyMemoryActivity(sources, m);
    EXPECT_EQ(m.page_faults, 123456u);             // PDH's raw value
    EXPECT_EQ(m.standby_cache_core_bytes, 8192u);  // PDH still has it
    EXPECT_EQ(m.write_copies, 11u);                // the NT source for what PDH lacks
    EXPECT_FALSE(m.standby_cache_reserve_bytes);
    EXPECT_FALSE(m.free_and_zero_page_list_bytes);
    const std::vector<std::string> expected = {
        "Free & Zero Page List Bytes", "Modified Page List Bytes",
        "Standby Cache Normal Priority Bytes", "Standby Cache Reserve Bytes"};
    EXPECT_EQ(missing, expected);

    MemorySection none;
    const auto all = applyMemoryActivity(WindowsMemoryActivitySources{}, none);
    EXPECT_EQ(all, kMemoryPdhCounters);
    EXPECT_FALSE(none.page_faults);
}

TEST(WindowsMemoryActivity, CountsKeepGrowingAcross32BitWraps) {
    MemoryCountExtender extender;
    MemorySection first;
    first.page_faults = 0xFFFFFF00u;
    first.pool_paged_allocs = 500;  // a current number, not a count: never extended
    extender.apply(first);
    EXPECT_EQ(first.page_faults, 0xFFFFFF00u);
    MemorySection second;
    second.page_faults = 0x10u;  // wrapped
    second.pool_paged_allocs = 400;
    extender.apply(second);
    EXPECT_EQ(second.page_faults, 0x100000010ull);
    EXPECT_EQ(second.pool_paged_allocs, 400u);
}

TEST(WindowsMemoryActivity, FamiliesKeepWindowsExporterNamesAndTypes) {
    MemorySection m;
    applyMemoryActivity(ntSources(), m);
    FamilyList families;
    appendMemoryMetrics(m, MetricNaming::windows, families);
    const struct {
        const char* name;
        MetricKind kind;
    } expected[] = {
        {"windows_memory_cache_bytes_peak", MetricKind::gauge},
        {"windows_memory_cache_faults_total", MetricKind::counter},
        {"windows_memory_demand_zero_faults_total", MetricKind::counter},
        {"windows_memory_free_and_zero_page_list_bytes", MetricKind::gauge},
        {"windows_memory_free_system_page_table_entries", MetricKind::gauge},
        {"windows_memory_modified_page_list_bytes", MetricKind::gauge},
        {"windows_memory_page_faults_total", MetricKind::counter},
        {"windows_memory_pool_nonpaged_allocs_total", MetricKind::gauge},  // as windows_exporter
        {"windows_memory_pool_paged_allocs_total", MetricKind::counter},
        {"windows_memory_pool_paged_resident_bytes", MetricKind::gauge},
        {"windows_memory_standby_cache_core_bytes", MetricKind::gauge},
        {"windows_memory_standby_cache_normal_priority_bytes", MetricKind::gauge},
        {"windows_memory_standby_cache_reserve_bytes", MetricKind::gauge},
        {"windows_memory_swap_page_operations_total", MetricKind::counter},
        {"windows_memory_swap_page_reads_total", MetricKind::counter},
        {"windows_memory_swap_page_writes_total", MetricKind::counter},
        {"windows_memory_swap_pages_read_total", MetricKind::counter},
        {"windows_memory_swap_pages_written_total", MetricKind::counter},
        {"windows_memory_system_cache_resident_bytes", MetricKind::gauge},
        {"windows_memory_system_code_resident_bytes", MetricKind::gauge},
        {"windows_memory_system_code_total_bytes", MetricKind::gauge},
        {"windows_memory_system_driver_resident_bytes", MetricKind::gauge},
        {"windows_memory_system_driver_total_bytes", MetricKind::gauge},
        {"windows_memory_transition_faults_total", MetricKind::counter},
        {"windows_memory_transition_pages_repurposed_total", MetricKind::counter},
        {"windows_memory_write_copies_total", MetricKind::counter},
    };
    for (const auto& family : expected) {
        const TextFamily* found = families.find(family.name);
        ASSERT_NE(found, nullptr) << family.name;
        EXPECT_EQ(found->kind, family.kind) << family.name;
    }
    EXPECT_EQ(families.find("windows_memory_swap_pages_read_total")->samples,
              "windows_memory_swap_pages_read_total 50\n");
    // Absent values are absent families, never zeros.
    FamilyList bare;
    appendMemoryMetrics(MemorySection{}, MetricNaming::windows, bare);
    for (const auto& family : expected) {
        EXPECT_EQ(bare.find(family.name), nullptr) << family.name;
    }
}

}  // namespace sysmetrics
