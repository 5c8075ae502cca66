// The time and pagefile probes: PdhRawObject through the fake PDH (an object without instances,
// counters and objects a machine lacks, a failed collection), then the real probes under Wine
// (and on Windows alike): what the machine has is read, what it lacks is named in a note.
#include <windows.h>
#include <pdhmsg.h>

#include <gtest/gtest.h>

#include <cstdio>

#include "collectors/pagefile.h"
#include "collectors/system.h"
#include "collectors/time.h"
#include "collectors/windows/pdh_raw_object.h"
#include "tests/windows/fake_pdh.h"

namespace sysmetrics {

namespace {

bool mentions(const std::vector<std::string>& notes, const std::string& part) {
    for (const auto& note : notes) {
        if (note.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> printed(const char* what, const std::vector<std::string>& notes) {
    for (const auto& note : notes) {
        std::printf("%s note: %s\n", what, note.c_str());
    }
    return notes;
}

void resetFake() {
    win::g_fake.clear();
    win::g_added.clear();
    win::g_collect_status = ERROR_SUCCESS;
}

}  // namespace

TEST(PdhRawObject, AnObjectWithoutInstancesIsReadByItsPlainPaths) {
    resetFake();
    win::g_fake[L"\\Windows Time Service\\Computed Time Offset"] = win::FakeCounter{
        ERROR_SUCCESS, PERF_COUNTER_LARGE_RAWCOUNT, {{win::item(L"", -1500, 0)}}, ERROR_SUCCESS};
    win::g_fake[L"\\Windows Time Service\\NTP Roundtrip Delay"] = win::FakeCounter{
        ERROR_SUCCESS,
        PERF_COUNTER_LARGE_RAWCOUNT,
        {{win::PdhItem{L"", static_cast<DWORD>(PDH_CSTATUS_INVALID_DATA), 9, 0, 0}}},
        ERROR_SUCCESS};
    win::PdhRawObject object("Windows Time Service", kW32TimePdhCounters, win::PdhInstances::none,
                             &win::openFake);
    ASSERT_TRUE(object.available()) << object.unavailable();
    ASSERT_EQ(win::g_added.size(), kW32TimePdhCounters.size());
    EXPECT_EQ(win::g_added.front(), L"\\Windows Time Service\\Clock Frequency Adjustment");
    EXPECT_TRUE(object.has("Computed Time Offset"));
    EXPECT_FALSE(object.has("Clock Frequency Adjustment"));
    ASSERT_EQ(object.absent().size(), kW32TimePdhCounters.size() - 2);
    EXPECT_EQ(object.absent().front(),
              "\\Windows Time Service\\Clock Frequency Adjustment: not on this machine "
              "(PDH_CSTATUS_NO_OBJECT)");
    ASSERT_EQ(object.missing().size(), object.absent().size());
    EXPECT_EQ(object.missing().front().first, "Clock Frequency Adjustment");
    // The types PDH gave, of the added counters only.
    EXPECT_EQ(object.types(),
              (PdhCounterTypes{{"Computed Time Offset", PERF_COUNTER_LARGE_RAWCOUNT},
                               {"NTP Roundtrip Delay", PERF_COUNTER_LARGE_RAWCOUNT}}));

    std::vector<std::string> notes;
    const W32TimeCounters w = w32TimeFromPdh(object.read(notes));
    EXPECT_TRUE(notes.empty());
    ASSERT_TRUE(w.computed_time_offset_seconds);
    EXPECT_DOUBLE_EQ(*w.computed_time_offset_seconds, -0.0015);
    EXPECT_FALSE(w.ntp_round_trip_delay_seconds);  // PDH_CSTATUS_INVALID_DATA is no value
    EXPECT_FALSE(w.clock_frequency_adjustment);

    win::g_collect_status = static_cast<PDH_STATUS>(PDH_NO_DATA);
    EXPECT_TRUE(object.read(notes).empty());
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes.front(), "\\Windows Time Service: PdhCollectQueryData failed (0x800007D5)");
}

TEST(PdhRawObject, AnAbsentObjectIsOneReasonNamingIt) {
    resetFake();
    win::PdhRawObject object("Windows Time Service", kW32TimePdhCounters, win::PdhInstances::none,
                             &win::openFake);
    EXPECT_FALSE(object.available());
    EXPECT_EQ(object.unavailable(),
              "PDH has no Windows Time Service object here (PDH_CSTATUS_NO_OBJECT)");
    EXPECT_TRUE(object.absent().empty());
    EXPECT_EQ(object.missing().size(), kW32TimePdhCounters.size());
    std::vector<std::string> notes;
    EXPECT_TRUE(object.read(notes).empty());
    EXPECT_TRUE(notes.empty());

    // PDH opens no query at all: that call is the reason, and nothing is added.
    win::g_added.clear();
    win::PdhRawObject closed("Paging File", kPagefilePdhCounters, win::PdhInstances::every,
                             [](PDH_STATUS& status) -> std::unique_ptr<win::PdhQuery> {
                                 status = static_cast<PDH_STATUS>(PDH_MEMORY_ALLOCATION_FAILURE);
                                 return nullptr;
                             });
    EXPECT_FALSE(closed.available());
    EXPECT_EQ(closed.unavailable(), "PDH: PdhOpenQueryW failed (0xC0000BBB)");
    EXPECT_TRUE(win::g_added.empty());
    EXPECT_TRUE(closed.read(notes).empty());
}

TEST(PdhRawObject, EveryInstanceByTheWildcardPath) {
    resetFake();
    win::g_fake[L"\\Paging File(*)\\% Usage"] = win::FakeCounter{
        ERROR_SUCCESS,
        PERF_RAW_FRACTION,
        {{win::item(L"\\??\\C:\\pagefile.sys", 10240, 0), win::item(L"_Total", 10240, 0)}},
        ERROR_SUCCESS};
    win::PdhRawObject object("Paging File", kPagefilePdhCounters, win::PdhInstances::every,
                             &win::openFake);
    ASSERT_TRUE(object.available());
    EXPECT_EQ(object.path("% Usage"), "\\Paging File(*)\\% Usage");
    std::vector<std::string> notes;
    const auto files = pagefilesFromPdh(object.read(notes));
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].instance, "\\??\\C:\\pagefile.sys");
    EXPECT_EQ(files[0].used_pages, 10240u);
    EXPECT_FALSE(files[0].peak_pages);  // "% Usage Peak" not on this (fake) machine
}

// GetDynamicTimeZoneInformation is there (Wine has it): the time zone must be read, and be the
// one the system collector reports as windows_os_timezone. W32Time's registry key and PDH object
// are read where present, else named in a note with their families left out.
TEST(WindowsProbes, TimeReadsTheZoneAndNamesWhatIsAbsent) {
    auto source = makeTimeSource();
    auto section = source->read();
    ASSERT_TRUE(section.ok()) << section.error().describe();
    const auto notes = printed("time", source->notes());
    std::printf("time zone: %s\n", section->timezone.c_str());
    EXPECT_FALSE(section->timezone.empty());
    auto system = makeSystemSource()->read();
    ASSERT_TRUE(system.ok());
    EXPECT_EQ(section->timezone, system->timezone);
    EXPECT_NE(section->clock_sync_source.has_value(),
              mentions(notes, "W32Time\\Parameters\\Type)"));
    if (section->w32time.any()) {
        ASSERT_TRUE(section->w32time.ntp_client_time_sources);
        EXPECT_GE(*section->w32time.ntp_client_time_sources, 0);
    } else {
        EXPECT_TRUE(mentions(notes, "Windows Time Service")) << notes.size();
    }
    EXPECT_FALSE(section->zone_offset_seconds);  // Linux's
    EXPECT_FALSE(section->timex);
    // A second read keeps its lasting notes and renews the cycle's.
    ASSERT_TRUE(source->read().ok());
    EXPECT_EQ(source->notes(), notes);
}

// PDH "Paging File" where the machine has it (real Windows), else the kernel's list
// (SystemPageFileInformation). Wine 8 has neither (no Paging File object; the information class
// is STATUS_INVALID_INFO_CLASS): the collector is then unsupported, named in its error and notes,
// and exports nothing rather than a made-up "no paging file".
TEST(WindowsProbes, PagingFilesFromPdhOrTheKernelsList) {
    auto source = makePagefileSource();
    auto section = source->read();
    const auto notes = printed("pagefile", source->notes());
    if (!section.ok()) {
        std::printf("pagefile error: %s\n", section.error().describe().c_str());
        EXPECT_EQ(section.error().code, ErrorCode::unsupported) << section.error().describe();
        EXPECT_NE(section.error().where.find("SystemPageFileInformation"), std::string::npos);
        EXPECT_TRUE(mentions(notes, "Paging File")) << notes.size();
        return;
    }
    ASSERT_TRUE(section->source == "pdh" || section->source == "nt") << section->source;
    if (section->source == "nt") {
        EXPECT_TRUE(mentions(notes, "reading NtQuerySystemInformation(SystemPageFileInformation)"));
    }
    for (const auto& f : section->files) {
        std::printf("pagefile: %s limit %s used %llu\n", f.file.c_str(),
                    f.limit_bytes ? std::to_string(*f.limit_bytes).c_str() : "-",
                    static_cast<unsigned long long>(f.used_bytes));
        EXPECT_FALSE(f.file.empty());
        EXPECT_EQ(f.file.find("\\??\\"), std::string::npos) << f.file;
        EXPECT_TRUE(f.limit_bytes || mentions(notes, f.file)) << f.file;
        if (section->source == "nt") {
            ASSERT_TRUE(f.limit_bytes);
            EXPECT_LE(f.used_bytes, *f.limit_bytes);
        }
    }
    auto again = source->read();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->files.size(), section->files.size());
}

}  // namespace sysmetrics
