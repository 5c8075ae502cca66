// The pagefile collector's interpretation of raw data built to the documented layouts:
// SYSTEM_PAGEFILE_INFORMATION answers, PDH "Paging File" raw values, /proc/swaps; its
// windows_exporter families (and the older summed windows_os_paging_*); GET /api/v1/pagefile.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>

#include "collectors/memory.h"
#include "collectors/pagefile.h"
#include "http/prometheus/collector_metrics.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/router.h"
#include "service/collector_catalog.h"
#include "tests/unit/family_text.h"

namespace sysmetrics {

namespace {

constexpr std::uint64_t kBase = 0x7ff6a0010000;  // where the kernel wrote the answer

// A SystemPageFileInformation answer laid out as the kernel writes it: each 0x20-byte entry
// followed by its name's UTF-16 characters, the next entry 8-byte aligned after it, the name
// pointers absolute (relative to kBase).
class PageFileAnswer {
public:
    struct File {
        std::u16string name;
        std::uint32_t total, in_use, peak;
    };
    explicit PageFileAnswer(std::vector<File> files) {
        std::vector<std::size_t> starts;
        std::size_t size = 0;
        for (const auto& f : files) {
            starts.push_back(size);
            size += (kPageFileInformationSize + f.name.size() * 2 + 7) / 8 * 8;
        }
        bytes.assign(size, 0);
        for (std::size_t i = 0; i < files.size(); i++) {
            const std::size_t at = starts[i];
            const File& f = files[i];
            put<std::uint32_t>(at + 0x00, i + 1 < files.size()
                                              ? static_cast<std::uint32_t>(starts[i + 1] - at)
                                              : 0);
            put<std::uint32_t>(at + 0x04, f.total);
            put<std::uint32_t>(at + 0x08, f.in_use);
            put<std::uint32_t>(at + 0x0C, f.peak);
            put<std::uint16_t>(at + 0x10, static_cast<std::uint16_t>(f.name.size() * 2));
            put<std::uint16_t>(at + 0x12, static_cast<std::uint16_t>(f.name.size() * 2 + 2));
            put<std::uint64_t>(at + 0x18, kBase + at + kPageFileInformationSize);
            std::memcpy(bytes.data() + at + kPageFileInformationSize, f.name.data(),
                        f.name.size() * 2);
        }
    }

    template <typename T>
    void put(std::size_t offset, std::uint64_t value) {
        const T typed = static_cast<T>(value);
        std::memcpy(bytes.data() + offset, &typed, sizeof typed);
    }

    Result<std::vector<NtPageFile>> parse(std::size_t size) const {
        return parsePageFileInformation(bytes.data(), size, kBase);
    }
    Result<std::vector<NtPageFile>> parse() const { return parse(bytes.size()); }

    std::vector<std::uint8_t> bytes;
};

const PageFileAnswer::File kSystemDrive{u"\\??\\C:\\pagefile.sys", 262144, 10240, 20480};
const PageFileAnswer::File kDataDrive{u"\\??\\D:\\pagefile.sys", 131072, 0, 512};

std::string render(const PagefileSection& section, MetricNaming naming, bool legacy = true) {
    FamilyList families;
    RenderContext context(naming);
    context.legacy_names = legacy;
    appendPagefileMetrics(section, context, families);
    return familiesText(families);
}

PagefileSection ntSection() {
    PagefileSection section;
    section.source = "nt";
    const auto parsed = PageFileAnswer({kSystemDrive, kDataDrive}).parse();
    for (const auto& nt : parsed.value()) {
        section.files.push_back(pagefileFromNt(nt, 4096));
    }
    return section;
}

void expectRefused(const Result<std::vector<NtPageFile>>& parsed, const std::string& problem) {
    ASSERT_FALSE(parsed.ok());
    const std::string& fault = parsed.error().detail;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_data);
    EXPECT_NE(fault.find(problem), std::string::npos) << fault;
    EXPECT_NE(fault.find("SYSTEM_PAGEFILE_INFORMATION at 0x"), std::string::npos) << fault;
}

}  // namespace

TEST(Pagefile, OnePageFileAtTheDocumentedOffsets) {
    const auto parsed = PageFileAnswer({kSystemDrive}).parse();
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    ASSERT_EQ(parsed->size(), 1u);
    const NtPageFile& f = parsed->front();
    EXPECT_EQ(f.name, "\\??\\C:\\pagefile.sys");
    EXPECT_EQ(f.total_pages, 262144u);
    EXPECT_EQ(f.in_use_pages, 10240u);
    EXPECT_EQ(f.peak_pages, 20480u);
}

TEST(Pagefile, EntriesChainedByNextEntryOffset) {
    const auto parsed = PageFileAnswer({kSystemDrive, kDataDrive}).parse();
    ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
    ASSERT_EQ(parsed->size(), 2u);
    EXPECT_EQ(parsed.value()[0].name, "\\??\\C:\\pagefile.sys");
    EXPECT_EQ(parsed.value()[1].name, "\\??\\D:\\pagefile.sys");
    EXPECT_EQ(parsed.value()[1].total_pages, 131072u);
    EXPECT_EQ(parsed.value()[1].in_use_pages, 0u);
}

TEST(Pagefile, AnEmptyAnswerIsNoPageFile) {
    const auto parsed = parsePageFileInformation(nullptr, 0, kBase);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed->empty());
}

TEST(Pagefile, MalformedAnswersAreRefusedNamingTheFault) {
    const PageFileAnswer two({kSystemDrive, kDataDrive});
    // Entries are 0x48 bytes here (0x20 and a 19-character name, 8-byte aligned).
    expectRefused(two.parse(0x18), "truncated (0x18 bytes left of 0x20)");
    expectRefused(two.parse(0x48 + 0x18), "at 0x48: truncated");
    expectRefused(two.parse(0x48), "NextEntryOffset 0x48 leaves the answer");
    PageFileAnswer odd({kSystemDrive});
    odd.put<std::uint16_t>(0x10, 37);
    expectRefused(odd.parse(), "is odd");
    PageFileAnswer empty({kSystemDrive});
    empty.put<std::uint16_t>(0x10, 0);
    expectRefused(empty.parse(), "PageFileName is empty");
    PageFileAnswer outside({kSystemDrive});
    outside.put<std::uint64_t>(0x18, kBase + outside.bytes.size() - 4);  // runs past the end
    expectRefused(outside.parse(), "lies outside the answer");
    PageFileAnswer before({kSystemDrive});
    before.put<std::uint64_t>(0x18, kBase - 0x100);
    expectRefused(before.parse(), "lies outside the answer");
    PageFileAnswer loop({kSystemDrive, kDataDrive});
    loop.put<std::uint32_t>(0x00, 0x10);  // back into the entry it came from
    expectRefused(loop.parse(), "shorter than an entry");
    PageFileAnswer past({kSystemDrive, kDataDrive});
    past.put<std::uint32_t>(0x00, 0x1000);
    expectRefused(past.parse(), "leaves the answer");
}

TEST(Pagefile, FileLabelAsWindowsExporterWritesIt) {
    // strings.ReplaceAll(name, `\??\`, ""): every occurrence.
    EXPECT_EQ(pagefileLabel("\\??\\C:\\pagefile.sys"), "C:\\pagefile.sys");
    EXPECT_EQ(pagefileLabel("C:\\pagefile.sys"), "C:\\pagefile.sys");
    EXPECT_EQ(pagefileLabel("\\??\\D:\\x\\??\\swap.sys"), "D:\\xswap.sys");
    EXPECT_EQ(pagefileLabel(""), "");
}

TEST(Pagefile, NtEntriesInBytes) {
    const PagefileSection section = ntSection();
    ASSERT_EQ(section.files.size(), 2u);
    const PagefileInfo& c = section.files[0];
    EXPECT_EQ(c.file, "C:\\pagefile.sys");
    EXPECT_EQ(c.limit_bytes, 262144ull * 4096);
    EXPECT_EQ(c.used_bytes, 10240ull * 4096);
    EXPECT_EQ(c.freeBytes(), (262144.0 - 10240.0) * 4096);
    EXPECT_EQ(c.peak_used_bytes, 20480ull * 4096);
}

TEST(Pagefile, PdhRawUsageAndTheFileSize) {
    PdhRawCounters raw;
    raw["% Usage"] = {
        {"\\??\\C:\\pagefile.sys", 10240}, {"_Total", 10300}, {"\\??\\E:\\p.sys", 60}};
    raw["% Usage Peak"] = {{"_Total", 30000}, {"\\??\\C:\\pagefile.sys", 20480}};
    const auto pdh = pagefilesFromPdh(raw);
    ASSERT_EQ(pdh.size(), 2u);  // _Total skipped, PDH's order kept
    EXPECT_EQ(pdh[0].instance, "\\??\\C:\\pagefile.sys");
    EXPECT_EQ(pdh[0].used_pages, 10240u);
    EXPECT_EQ(pdh[0].peak_pages, 20480u);
    EXPECT_EQ(pdh[1].instance, "\\??\\E:\\p.sys");
    EXPECT_FALSE(pdh[1].peak_pages);

    const PagefileInfo c = pagefileFromPdh(pdh[0], 1073741824, 4096);
    EXPECT_EQ(c.file, "C:\\pagefile.sys");
    EXPECT_EQ(c.limit_bytes, 1073741824u);
    EXPECT_EQ(c.used_bytes, 10240u * 4096);
    EXPECT_EQ(c.freeBytes(), 1073741824.0 - 10240.0 * 4096);
    EXPECT_EQ(c.peak_used_bytes, 20480u * 4096);
    // Without the file's size (unreadable) there is no limit nor free, never a made-up 0.
    const PagefileInfo e = pagefileFromPdh(pdh[1], std::nullopt, 4096);
    EXPECT_FALSE(e.limit_bytes);
    EXPECT_FALSE(e.freeBytes());
    EXPECT_EQ(e.used_bytes, 60u * 4096);
    EXPECT_TRUE(pagefilesFromPdh({}).empty());
}

TEST(Pagefile, SwapAreasFromProcSwaps) {
    const auto files = pagefilesFromSwaps(
        "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
        "/dev/dm-1                               partition\t8388604\t\t1024\t\t-2\n"
        "/swap\\040file                           file\t\t1048576\t\t0\t\t-3\n");
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].file, "/dev/dm-1");
    EXPECT_EQ(files[0].limit_bytes, 8388604ull * 1024);
    EXPECT_EQ(files[0].used_bytes, 1024u * 1024);
    EXPECT_FALSE(files[0].peak_used_bytes);
    EXPECT_EQ(files[1].file, "/swap file");
    EXPECT_TRUE(pagefilesFromSwaps("Filename Type Size Used Priority\n").empty());
}

TEST(Pagefile, LegacyTotalsSumTheFiles) {
    const auto totals = pagingTotals(ntSection().files);
    ASSERT_TRUE(totals);
    EXPECT_EQ(totals->limit_bytes, (262144.0 + 131072.0) * 4096);
    EXPECT_EQ(totals->free_bytes, (262144.0 - 10240.0 + 131072.0) * 4096);
    const auto none = pagingTotals({});  // no paging file: windows_exporter wrote 0
    ASSERT_TRUE(none);
    EXPECT_EQ(none->limit_bytes, 0);
    PagefileInfo unknown;
    unknown.file = "C:\\pagefile.sys";
    EXPECT_FALSE(pagingTotals({unknown}));
}

TEST(Pagefile, WindowsExporterFamiliesTypesAndLabels) {
    EXPECT_EQ(render(ntSection(), MetricNaming::windows),
              "windows_pagefile_limit_bytes gauge\n"
              "windows_pagefile_limit_bytes{file=\"C:\\\\pagefile.sys\"} 1073741824\n"
              "windows_pagefile_limit_bytes{file=\"D:\\\\pagefile.sys\"} 536870912\n"
              "windows_pagefile_free_bytes gauge\n"
              "windows_pagefile_free_bytes{file=\"C:\\\\pagefile.sys\"} 1031798784\n"
              "windows_pagefile_free_bytes{file=\"D:\\\\pagefile.sys\"} 536870912\n"
              "windows_os_paging_limit_bytes gauge\n"
              "windows_os_paging_limit_bytes 1610612736\n"
              "windows_os_paging_free_bytes gauge\n"
              "windows_os_paging_free_bytes 1568669696\n");
    EXPECT_EQ(render(ntSection(), MetricNaming::windows, false).find("windows_os_paging"),
              std::string::npos);
    EXPECT_EQ(render(ntSection(), MetricNaming::linux), "");  // node_exporter has none
    // No paging file: no per-file series; the old summed families said 0.
    EXPECT_EQ(render(PagefileSection{}, MetricNaming::windows),
              "windows_os_paging_limit_bytes gauge\n"
              "windows_os_paging_limit_bytes 0\n"
              "windows_os_paging_free_bytes gauge\n"
              "windows_os_paging_free_bytes 0\n");
}

TEST(Pagefile, CollectPagefileOrOsSelectTheirFamilies) {
    Snapshot snapshot;
    snapshot.version = 2;
    snapshot.sections[PagefileSection::kName] = std::make_shared<PagefileSection>(ntSection());
    auto memory = std::make_shared<MemorySection>();
    memory->physical_total_bytes = 1024;
    snapshot.sections["memory"] = memory;
    for (const char* name : {"pagefile", "memory"}) {
        snapshot.status[name].name = name;
        snapshot.status[name].state = CollectorState::ok;
    }
    MetricsEndpoint endpoint(MetricNaming::windows, RuntimeInfo{}, catalogExpositions());
    const std::string pagefile = endpoint.serve(snapshot, {"pagefile"}, 1).body;
    EXPECT_NE(pagefile.find("# TYPE windows_pagefile_limit_bytes gauge\n"), std::string::npos);
    // Our pagefile collector too, whole: the older summed families with it.
    EXPECT_NE(pagefile.find("# TYPE windows_os_paging_limit_bytes gauge\n"), std::string::npos);
    EXPECT_EQ(pagefile.find("windows_memory_"), std::string::npos);
    const std::string os = endpoint.serve(snapshot, {"os"}, 1).body;
    EXPECT_NE(os.find("windows_os_paging_limit_bytes 1610612736\n"), std::string::npos) << os;
    EXPECT_EQ(os.find("# TYPE windows_pagefile_"), std::string::npos);
}

TEST(Pagefile, RestListsTheFiles) {
    auto store = std::make_shared<SnapshotStore>();
    Router router{store, MetricNaming::windows, RuntimeInfo{}, catalogHttp()};
    auto section = std::make_shared<PagefileSection>(ntSection());
    PagefileInfo unknown;
    unknown.file = "E:\\pagefile.sys";
    unknown.used_bytes = 8192;
    section->files.push_back(unknown);
    section->collected_at = 1700000000.5;
    CollectorStatus status;
    status.name = "pagefile";
    status.state = CollectorState::ok;
    store->publish(status, section);
    HttpRequest request;
    request.path = "/api/v1/pagefile";
    const HttpResponse response = router.handle(request);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["source"], "nt");
    EXPECT_EQ(body["collected_at"], 1700000000.5);
    ASSERT_EQ(body["files"].size(), 3u);
    EXPECT_EQ(body["files"][0]["file"], "C:\\pagefile.sys");
    EXPECT_EQ(body["files"][0]["limit_bytes"], 1073741824);
    EXPECT_EQ(body["files"][0]["used_bytes"], 41943040);
    EXPECT_EQ(body["files"][0]["free_bytes"], 1031798784);
    EXPECT_EQ(body["files"][0]["peak_used_bytes"], 83886080);
    EXPECT_TRUE(body["files"][2]["limit_bytes"].is_null());
    EXPECT_TRUE(body["files"][2]["free_bytes"].is_null());
    EXPECT_EQ(body["files"][2]["used_bytes"], 8192);
}

}  // namespace sysmetrics
