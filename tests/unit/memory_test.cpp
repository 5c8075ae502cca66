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
    EXPECT_NE(result.error().where.find("MemTotal"), std::string::npos);
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

}  // namespace sysmetrics
