#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

#include "base/nt_time.h"
#include "collectors/process.h"
#include "collectors/process_collector.h"
#include "collectors/process_open_policy.h"
#include "config/process_settings.h"
#include "http/prometheus/collector_metrics.h"
#include "http/rest/json_mapping.h"
#include "service/collector_catalog.h"
#include "tests/support/nt_process_buffer.h"

namespace sysmetrics {

namespace {

constexpr std::int64_t kFiletime2024 = 133485408000000000LL;  // 2024-01-01 00:00:00 UTC

ProcessInfo makeProcess(std::uint32_t pid, const std::string& name, double create_time = 1000) {
    ProcessInfo p;
    p.pid = pid;
    p.name = name;
    p.create_time = create_time;
    return p;
}

// A render context with per-process series on.
RenderContext perProcessContext(MetricNaming naming) {
    RenderContext context(naming);
    auto settings = std::make_shared<ProcessSettings>();
    settings->per_process = true;
    context.settings.set(ProcessSettings::kCollector, settings);
    return context;
}

// A source whose table the test controls.
class ScriptedSource : public ProcessSource {
public:
    std::vector<ProcessInfo> table;
    std::vector<std::uint32_t> vanish;  // pids that exit before they can be opened
    int opens = 0;
    Result<ProcessList> list() override {
        ProcessList list;
        list.processes = table;
        list.logical_cpus = 2;
        list.physical_memory_bytes = 1000;
        return list;
    }
    Opened details(const ProcessInfo& p) override {
        opens++;
        Opened opened;
        opened.gone = std::find(vanish.begin(), vanish.end(), p.pid) != vanish.end();
        opened.details.exe = "/bin/" + p.name;
        if (p.pid == 4) {
            opened.details.access_denied = {"cmdline"};
        }
        return opened;
    }
};

// A row as the REST API shows it, with its threads and the one field it does not show.
nlohmann::json rowJson(const ProcessInfo& p) {
    nlohmann::json row = toJson(p);
    row["threads"] = nlohmann::json::array();
    for (const ThreadInfo& t : p.threads) {
        row["threads"].push_back(toJson(t));
    }
    row["page_faults_wrap_32"] = p.page_faults_wrap_32;
    return row;
}

// The same without what depends on the clock between two cycles.
nlohmann::json rowJsonWithoutRates(const ProcessInfo& p) {
    nlohmann::json row = rowJson(p);
    for (const char* key : {"cpu_percent", "cpu_percent_total", "io_read_bytes_per_second",
                            "io_write_bytes_per_second", "io_bytes_per_second"}) {
        row.erase(key);
    }
    return row;
}

// What the Windows source does with its one NtQuerySystemInformation buffer, the buffer given
// (a builder's: its name pointers are absolute, so it is used where it was built).
class NtBufferSource : public ProcessSource {
public:
    const std::vector<std::uint8_t>* buffer = nullptr;
    bool keeps_storage = true;
    std::vector<std::size_t> handed_back;  // per list(): the rows the collector gave back
    Result<ProcessList> list() override {
        handed_back.push_back(storage_.size());
        ProcessList list;
        list.processes = std::move(storage_);
        refillNtProcesses(buffer->data(), buffer->size(), true, list.processes);
        list.logical_cpus = 2;
        list.physical_memory_bytes = 1 << 30;
        return list;
    }
    Opened details(const ProcessInfo& p) override {
        Opened opened;
        opened.details.exe = "C:\\" + p.name;
        return opened;
    }
    std::vector<ProcessInfo>* listingStorage() override {
        return keeps_storage ? &storage_ : nullptr;
    }

private:
    std::vector<ProcessInfo> storage_;
};

std::shared_ptr<const ProcessSection> collectProcesses(ProcessCollector& collector) {
    auto result = collector.collect();
    EXPECT_TRUE(result.ok());
    return std::dynamic_pointer_cast<const ProcessSection>(result.value());
}

}  // namespace

TEST(NtProcessBuffer, EntriesThreadsAndNamesAreRead) {
    NtBufferBuilder builder;
    builder.add({0, 0, u"", 0, 0, 0, 8192, 2});
    builder.add({4, 0, u"System", 0, 0, 50000000, 16384, 1});
    builder.add({1234, 4, u"caf\u00e9.exe", kFiletime2024, 30000000, 10000000, 65536, 3});
    const auto& buffer = builder.build();
    const auto entries = parseNtProcessBuffer(buffer.data(), buffer.size(), true);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].info.name, "System Idle Process");
    EXPECT_EQ(entries[1].info.name, "System");
    const ProcessInfo& p = entries[2].info;
    EXPECT_EQ(p.pid, 1234u);
    EXPECT_EQ(p.ppid, 4u);
    EXPECT_EQ(p.name, "caf\xC3\xA9.exe");
    EXPECT_DOUBLE_EQ(p.create_time, 1704067200.0);
    EXPECT_DOUBLE_EQ(p.user_seconds, 3.0);
    EXPECT_DOUBLE_EQ(p.kernel_seconds, 1.0);
    EXPECT_EQ(p.working_set_bytes, 65536u);
    EXPECT_EQ(p.handles, 42u);
    EXPECT_EQ(p.private_bytes, 4096u);
    EXPECT_EQ(p.io_read_bytes, 1000u);
    EXPECT_EQ(p.thread_count, 3u);
    ASSERT_EQ(p.threads.size(), 3u);
    EXPECT_EQ(p.threads[2].tid, 123402u);
    EXPECT_EQ(p.threads[0].state, "waiting");
    EXPECT_EQ(windowsWaitReason(p.threads[0].wait_reason.value()), "UserRequest");
    EXPECT_DOUBLE_EQ(p.threads[0].kernel_seconds, 2.0);
    // Without threads they are skipped but counted.
    const auto lean = parseNtProcessBuffer(buffer.data(), buffer.size(), false);
    EXPECT_TRUE(lean[2].info.threads.empty());
    EXPECT_EQ(lean[2].info.thread_count, 3u);
}

TEST(NtProcessBuffer, TruncatedOrMalformedBuffersNeverReadPastTheEnd) {
    NtBufferBuilder builder;
    builder.add({8, 0, u"a.exe", kFiletime2024, 0, 0, 1, 0});
    builder.add({12, 0, u"b.exe", kFiletime2024, 0, 0, 1, 0});
    auto& buffer = const_cast<std::vector<std::uint8_t>&>(builder.build());
    // Cut inside the second entry: only the first is returned.
    EXPECT_EQ(parseNtProcessBuffer(buffer.data(), 0x180, false).size(), 1u);
    // A self-referencing link (NextEntryOffset smaller than an entry) stops the walk.
    std::uint32_t bad_next = 8;
    std::memcpy(buffer.data(), &bad_next, sizeof bad_next);
    EXPECT_EQ(parseNtProcessBuffer(buffer.data(), buffer.size(), false).size(), 1u);
    EXPECT_TRUE(parseNtProcessBuffer(buffer.data(), 10, false).empty());
    EXPECT_TRUE(parseNtProcessBuffer(nullptr, 1000, false).empty());
}

TEST(NtProcessBuffer, NamePointersOutsideTheBufferAreIgnored) {
    NtBufferBuilder builder;
    builder.add({8, 0, u"x.exe", kFiletime2024, 0, 0, 1, 0});
    auto& buffer = const_cast<std::vector<std::uint8_t>&>(builder.build());
    const std::uint64_t wild = 0x10;
    std::memcpy(buffer.data() + 0x40, &wild, sizeof wild);
    const auto entries = parseNtProcessBuffer(buffer.data(), buffer.size(), false);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].info.name, "");
}

TEST(NtProcessBuffer, ANamePointerNearTheTopOfMemoryIsIgnored) {
    // Regression: base + offset + length wrapped around and passed the bounds check.
    NtBufferBuilder builder;
    builder.add({8, 0, u"x.exe", kFiletime2024, 0, 0, 1, 0});
    auto& buffer = const_cast<std::vector<std::uint8_t>&>(builder.build());
    const std::uint64_t wild = ~std::uint64_t{0} - 2;
    std::memcpy(buffer.data() + 0x40, &wild, sizeof wild);
    const std::uint16_t length = 0x100;
    std::memcpy(buffer.data() + 0x38, &length, sizeof length);
    const auto entries = parseNtProcessBuffer(buffer.data(), buffer.size(), false);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].info.name, "");
}

TEST(NtProcessBuffer, NamesKeepTheirUtf16ConversionAndUnknownThreadValues) {
    // ASCII names take a short path; these must read as the general conversion reads them.
    NtBufferBuilder builder;
    const std::u16string lone_surrogate{u'a', char16_t{0xD800}, u'b'};
    builder.add({8, 0, lone_surrogate, kFiletime2024, 0, 0, 1, 0});
    builder.add({12, 0, u"\U0001F600.exe", kFiletime2024, 0, 0, 1, 0});  // a surrogate pair
    builder.add({16, 0, u"odd.exe", kFiletime2024, 0, 0, 1, 1});
    auto& buffer = const_cast<std::vector<std::uint8_t>&>(builder.build());
    const std::size_t third = 2 * 0x100;
    const std::uint16_t odd_length = 7;  // "odd" and half of '.'
    std::memcpy(buffer.data() + third + 0x38, &odd_length, sizeof odd_length);
    const std::uint32_t state = 99, reason = 77;
    std::memcpy(buffer.data() + third + 0x100 + 0x44, &state, sizeof state);
    std::memcpy(buffer.data() + third + 0x100 + 0x48, &reason, sizeof reason);
    const auto entries = parseNtProcessBuffer(buffer.data(), buffer.size(), true);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].info.name, std::string("a\xEF\xBF\xBD") + "b");
    EXPECT_EQ(entries[1].info.name, "\xF0\x9F\x98\x80.exe");
    EXPECT_EQ(entries[2].info.name, "odd");
    ASSERT_EQ(entries[2].info.threads.size(), 1u);
    EXPECT_EQ(entries[2].info.threads[0].state, "unknown(99)");
    EXPECT_EQ(windowsWaitReason(entries[2].info.threads[0].wait_reason.value()), "Unknown(77)");
}

TEST(ProcessParsing, FiletimeToUnix) {
    EXPECT_DOUBLE_EQ(unixFromFiletime(kFiletime2024), 1704067200.0);
    EXPECT_DOUBLE_EQ(unixFromFiletime(0), 0.0);
    EXPECT_DOUBLE_EQ(unixFromFiletime(-5), 0.0);  // never a negative start time
}

TEST(ProcessParsing, ProcStatWithSpacesAndParensInComm) {
    const char* text =
        "4321 (my (odd) name) S 1 4321 4321 0 -1 4194560 500 0 7 0 250 50 0 0 20 0 3 0 12345 "
        "104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    const auto stat = parseProcStat(text);
    ASSERT_TRUE(stat);
    EXPECT_EQ(stat->pid, 4321u);
    EXPECT_EQ(stat->comm, "my (odd) name");
    EXPECT_EQ(stat->state, "S");
    EXPECT_EQ(stat->ppid, 1u);
    EXPECT_EQ(stat->minflt, 500u);
    EXPECT_EQ(stat->majflt, 7u);
    EXPECT_EQ(stat->utime, 250u);
    EXPECT_EQ(stat->stime, 50u);
    EXPECT_EQ(stat->num_threads, 3u);
    EXPECT_EQ(stat->starttime, 12345u);
    EXPECT_EQ(stat->vsize, 104857600u);
    EXPECT_EQ(stat->rss_pages, 2560);
    EXPECT_FALSE(parseProcStat("garbage"));
    EXPECT_FALSE(parseProcStat("12 (short) S 1 2"));
    // The last field read is rss, the 22nd after the name: a text that ends there is whole,
    // one that ends before it is not.
    const std::string upto_rss = "7 (x) S 1 7 7 0 -1 0 5 0 6 0 8 9 0 0 20 0 1 0 100 4096 3";
    const auto short_but_whole = parseProcStat(upto_rss);
    ASSERT_TRUE(short_but_whole);
    EXPECT_EQ(short_but_whole->rss_pages, 3);
    EXPECT_FALSE(parseProcStat(upto_rss.substr(0, upto_rss.size() - 2)));
}

TEST(ProcessParsing, StatusIoAndCmdline) {
    const LinuxStatus status = parseProcStatus(
        "Name:\tbash\nUid:\t1000\t1000\t1000\t1000\nVmPeak:\t  2000 kB\nVmHWM:\t  1000 kB\n"
        "RssAnon:\t 300 kB\nVmSwap:\t 0 kB\n");
    EXPECT_EQ(status.uid, 1000u);
    EXPECT_EQ(status.vm_hwm_bytes, 1000u * 1024);
    EXPECT_EQ(status.vm_peak_bytes, 2000u * 1024);
    EXPECT_EQ(status.rss_anon_bytes, 300u * 1024);
    EXPECT_EQ(status.vm_swap_bytes, 0u);

    // A whole file as the kernel writes it: the real uid is the first of four, other lines with
    // numbers and kB are not taken for the wanted ones, and a malformed value is left unset.
    const LinuxStatus full = parseProcStatus(
        "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t77\nPid:\t77\n"
        "Uid:\t0\t1000\t1000\t1000\nGid:\t5\t5\t5\t5\nVmPeak:\t    5480 kB\n"
        "VmSize:\t    5480 kB\nVmHWM:\t     948 kB\nVmRSS:\t     948 kB\nRssAnon:\t"
        "               88 kB\nRssFile:\t   860 kB\nVmSwap:\t  oops kB\nThreads:\t1\n"
        "Cpus_allowed:\t3\nCpus_allowed_list:\t0-1\nvoluntary_ctxt_switches:\t1");
    EXPECT_EQ(full.uid, 0u);
    EXPECT_EQ(full.vm_peak_bytes, 5480u * 1024);
    EXPECT_EQ(full.vm_hwm_bytes, 948u * 1024);
    EXPECT_EQ(full.rss_anon_bytes, 88u * 1024);
    EXPECT_FALSE(full.vm_swap_bytes);
    EXPECT_FALSE(parseProcStatus("Uid:\nVmHWM 5 kB\n\n").uid);
    const auto io = parseProcIo("rchar: 10\nwchar: 20\nsyscr: 3\nsyscw: 4\nread_bytes: 0\n");
    ASSERT_TRUE(io);
    EXPECT_EQ(io->wchar, 20u);
    EXPECT_FALSE(parseProcIo("rchar: 10\n"));
    EXPECT_EQ(cmdlineFromProc(std::string("/bin/sh\0-c\0echo hi\0", 20)), "/bin/sh -c \"echo hi\"");
    EXPECT_EQ(cmdlineFromProc(""), "");
}

TEST(ProcessParsing, TruncatedCommIsCompletedFromExeOrArgv0) {
    EXPECT_EQ(fullProcessName("short", std::nullopt, std::nullopt), "short");
    EXPECT_EQ(fullProcessName("very-long-daemo", std::string("/usr/sbin/very-long-daemon-name"),
                              std::nullopt),
              "very-long-daemon-name");
    EXPECT_EQ(fullProcessName("very-long-daemo", std::nullopt,
                              std::string("/opt/very-long-daemon-x --flag")),
              "very-long-daemon-x");
    EXPECT_EQ(fullProcessName("very-long-daemo", std::string("/bin/other"), std::nullopt),
              "very-long-daemo");
}

TEST(ProcessParsing, LinuxProcessFromFiles) {
    LinuxStat stat;
    stat.pid = 10;
    stat.comm = "x";
    stat.utime = 150;
    stat.stime = 50;
    stat.starttime = 500;
    stat.rss_pages = 10;
    LinuxStatus status;
    const ProcessInfo p = processFromLinux(stat, status, LinuxIo{1, 2, 3, 4}, 1000.0, 100.0, 4096);
    EXPECT_DOUBLE_EQ(p.create_time, 1005.0);
    EXPECT_DOUBLE_EQ(p.user_seconds, 1.5);
    EXPECT_DOUBLE_EQ(p.kernel_seconds, 0.5);
    EXPECT_EQ(p.working_set_bytes, 40960u);
    EXPECT_EQ(p.io_write_bytes, 2u);
    EXPECT_EQ(p.io_write_ops, 4u);
}

TEST(ProcessParsing, StatusComesBackOutOfTheRowItWentInto) {
    LinuxStat stat;
    stat.pid = 10;
    LinuxStatus status;
    status.uid = 1000;
    status.vm_hwm_bytes = 1, status.vm_peak_bytes = 2, status.vm_swap_bytes = 3;
    status.rss_anon_bytes = 4;
    const LinuxStatus back =
        statusOf(processFromLinux(stat, status, std::nullopt, 1000.0, 100.0, 4096));
    EXPECT_EQ(back.uid, 1000u);
    EXPECT_EQ(back.vm_hwm_bytes, 1u);
    EXPECT_EQ(back.vm_peak_bytes, 2u);
    EXPECT_EQ(back.vm_swap_bytes, 3u);
    EXPECT_EQ(back.rss_anon_bytes, 4u);
    const LinuxStatus unread =
        statusOf(processFromLinux(stat, LinuxStatus{}, std::nullopt, 1000.0, 100.0, 4096));
    EXPECT_FALSE(unread.uid || unread.vm_hwm_bytes || unread.vm_peak_bytes ||
                 unread.vm_swap_bytes || unread.rss_anon_bytes);
}

TEST(ProcessTracker, CpuPercentFromTwoCyclesAndOneCoreIsHundred) {
    ProcessTracker tracker;
    std::vector<ProcessInfo> first = {makeProcess(1, "a")};
    first[0].user_seconds = 10;
    tracker.update(first, 100.0, 4);
    EXPECT_FALSE(first[0].cpu_percent);
    std::vector<ProcessInfo> second = {makeProcess(1, "a")};
    second[0].user_seconds = 11;
    second[0].kernel_seconds = 0.5;
    tracker.update(second, 101.0, 4);
    ASSERT_TRUE(second[0].cpu_percent);
    EXPECT_DOUBLE_EQ(*second[0].cpu_percent, 150.0);
    EXPECT_DOUBLE_EQ(*second[0].cpu_percent_total, 37.5);
}

TEST(ProcessTracker, AReusedPidIsANewProcessAndCountersNeverGoBackwards) {
    ProcessTracker tracker;
    std::vector<ProcessInfo> first = {makeProcess(7, "old", 1000)};
    first[0].user_seconds = 50;
    first[0].io_read_bytes = 900;
    tracker.update(first, 10.0, 1);
    // Same pid, later create time: no carry-over, no usage yet.
    std::vector<ProcessInfo> reused = {makeProcess(7, "new", 2000)};
    reused[0].user_seconds = 1;
    tracker.update(reused, 11.0, 1);
    EXPECT_FALSE(reused[0].cpu_percent);
    EXPECT_DOUBLE_EQ(reused[0].user_seconds, 1.0);
    // The same identity reporting less than before keeps the higher value.
    std::vector<ProcessInfo> dip = {makeProcess(7, "new", 2000)};
    dip[0].user_seconds = 0.5;
    dip[0].io_read_bytes = 10;
    tracker.update(dip, 12.0, 1);
    EXPECT_DOUBLE_EQ(dip[0].user_seconds, 1.0);
    EXPECT_DOUBLE_EQ(*dip[0].cpu_percent, 0.0);
    std::vector<ProcessInfo> more = {makeProcess(7, "new", 2000)};
    more[0].io_read_bytes = 5;
    tracker.update(more, 13.0, 1);
    EXPECT_EQ(more[0].io_read_bytes, 10u);
}

TEST(ProcessCollector, OpensEachProcessOnceAndDropsTheOnesThatVanished) {
    auto source = std::make_unique<ScriptedSource>();
    ScriptedSource* script = source.get();
    script->table = {makeProcess(1, "init"), makeProcess(4, "System"), makeProcess(9, "short")};
    script->vanish = {9};
    ProcessCollector collector(std::move(source));
    auto first = collector.collect();
    ASSERT_TRUE(first.ok());
    auto section = std::dynamic_pointer_cast<const ProcessSection>(first.value());
    ASSERT_EQ(section->processes.size(), 2u);  // pid 9 exited before it could be opened
    EXPECT_EQ(section->stats.details_opened, 3u);
    EXPECT_EQ(section->stats.vanished, 1u);
    EXPECT_EQ(section->stats.access_denied, 1u);
    EXPECT_EQ(*section->find(1)->details->exe, "/bin/init");
    EXPECT_EQ(section->find(4)->details->access_denied, std::vector<std::string>{"cmdline"});

    script->vanish.clear();
    script->table = {makeProcess(1, "init"), makeProcess(4, "System")};
    auto second = collector.collect();
    section = std::dynamic_pointer_cast<const ProcessSection>(second.value());
    EXPECT_EQ(section->stats.details_opened, 0u);  // steady state: nothing opened
    EXPECT_EQ(script->opens, 3);

    // pid 1 restarted: a new identity is opened again.
    script->table = {makeProcess(1, "init", 5000), makeProcess(4, "System")};
    auto third = collector.collect();
    section = std::dynamic_pointer_cast<const ProcessSection>(third.value());
    EXPECT_EQ(section->stats.details_opened, 1u);
}

TEST(ProcessCollector, APidListedTwiceKeepsOneRowTheNewest) {
    auto source = std::make_unique<ScriptedSource>();
    source->table = {makeProcess(5, "old", 100), makeProcess(5, "new", 200), makeProcess(3, "c")};
    ProcessCollector collector(std::move(source));
    auto section = std::dynamic_pointer_cast<const ProcessSection>(collector.collect().value());
    ASSERT_EQ(section->processes.size(), 2u);
    EXPECT_EQ(section->processes[0].pid, 3u);
    EXPECT_EQ(section->processes[1].name, "new");
}

TEST(ProcessExportRules, IncludeExcludeAndLimit) {
    ProcessSection section;
    for (std::uint32_t pid = 1; pid <= 5; pid++) {
        ProcessInfo p = makeProcess(pid, pid % 2 ? "svc-" + std::to_string(pid) : "tool");
        p.cpu_percent = pid * 10.0;
        p.working_set_bytes = 100 - pid;
        section.processes.push_back(p);
    }
    ProcessSettings settings;
    settings.include = SafeRegex::compile("^svc-").value();
    auto selected = selectExportedProcesses(section, settings);
    ASSERT_EQ(selected.size(), 3u);
    settings.exclude = SafeRegex::compile("5$").value();
    selected = selectExportedProcesses(section, settings);
    EXPECT_EQ(selected.size(), 2u);
    settings = ProcessSettings{};
    settings.limit = 2;
    selected = selectExportedProcesses(section, settings);
    ASSERT_EQ(selected.size(), 2u);
    EXPECT_EQ(selected[0]->pid, 4u);  // the two busiest, listed by pid
    EXPECT_EQ(selected[1]->pid, 5u);
    settings.limit_by_memory = true;
    selected = selectExportedProcesses(section, settings);
    EXPECT_EQ(selected[0]->pid, 1u);
    EXPECT_EQ(selected[1]->pid, 2u);
}

TEST(ProcessMetrics, WindowsFamiliesCarryProcessAndPidAndEscapeLabels) {
    ProcessSection section;
    ProcessInfo p = makeProcess(42, "we\"ird\\name.exe");
    p.ppid = 4;
    auto details = std::make_shared<ProcessDetails>();
    details->owner = "NT AUTHORITY\\SYSTEM";
    details->cmdline = "x.exe --password=hunter2";
    p.details = details;
    p.handles = 10;
    section.processes.push_back(p);
    RenderContext context = perProcessContext(MetricNaming::windows);
    FamilyList families;
    appendProcessMetrics(section, context, families);
    const auto* info = families.find("windows_process_info");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->count, 1u);
    // Label values escaped for the text format; no cmdline label unless enabled. The process
    // and owner as windows_exporter writes them: no ".exe", account before domain; the process
    // group id 0 when it was not read (collectors.processes.process_group_id is off).
    EXPECT_EQ(info->samples, R"(windows_process_info{process="we\"ird\\name",process_id="42",)"
                             R"(creating_process_id="4",process_group_id="0",)"
                             R"(owner="SYSTEM\\NT AUTHORITY"} 1)"
                             "\n");
    ASSERT_NE(families.find("windows_process_handles"), nullptr);
    ASSERT_NE(families.find("windows_process_cpu_time_total"), nullptr);
    EXPECT_EQ(families.find("windows_process_cpu_time_total")->kind, MetricKind::counter);
    auto settings = std::make_shared<ProcessSettings>(context.settings.get<ProcessSettings>());
    settings->cmdline_label = true;
    context.settings.set(ProcessSettings::kCollector, settings);
    FamilyList with_cmdline;
    appendProcessMetrics(section, context, with_cmdline);
    EXPECT_NE(with_cmdline.families()[0].samples.find(",cmdline=\"x.exe --password="),
              std::string::npos);
}

// Windows audit W05: PageFaultCount is 32 bits; after a wrap the counter goes on, it does not stay
// flat at the pre-wrap value until 4.3 billion more faults.
TEST(ProcessTracker, WindowsPageFaultsAreExtendedAcrossTheirThirtyTwoBitWrap) {
    ProcessTracker tracker;
    auto cycle = [&](std::uint32_t faults, double now) {
        NtBufferBuilder builder;
        builder.add({900, 4, u"busy.exe", kFiletime2024, 0, 0, 4096, 1, faults});
        const auto& buffer = builder.build();
        auto entries = parseNtProcessBuffer(buffer.data(), buffer.size(), false);
        std::vector<ProcessInfo> rows = {entries.at(0).info};
        tracker.update(rows, now, 1);
        return rows[0].page_faults.value_or(0);
    };
    EXPECT_EQ(cycle(0xFFFFFF00u, 1), 0xFFFFFF00u);
    EXPECT_EQ(cycle(0xFFFFFFF0u, 2), 0xFFFFFFF0u);
    EXPECT_EQ(cycle(0x00000100u, 3), 0x100000100ull);  // wrapped: 0x110 more faults
    EXPECT_EQ(cycle(0x00000200u, 4), 0x100000200ull);
    // A 64-bit source (Linux minflt) that steps back is held, not read as a wrap.
    ProcessInfo linux_row = makeProcess(7, "sleep");
    linux_row.page_faults = 500;
    std::vector<ProcessInfo> rows = {linux_row};
    tracker.update(rows, 1, 1);
    rows[0].page_faults = 100;
    tracker.update(rows, 2, 1);
    EXPECT_EQ(rows[0].page_faults, 500u);
}

// W21: an exited process that a handle keeps alive is listed with no threads; it is not live.
TEST(ProcessOpenPolicy, AListedProcessWithoutThreadsHasExited) {
    NtBufferBuilder builder;
    builder.add({0, 0, u"", 0, 0, 0, 8192, 2});
    builder.add({600, 4, u"zombie.exe", kFiletime2024, 0, 0, 0, 0});
    builder.add({700, 4, u"live.exe", kFiletime2024, 0, 0, 4096, 1});
    const auto& buffer = builder.build();
    const auto entries = parseNtProcessBuffer(buffer.data(), buffer.size(), true);
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_FALSE(isExitedListing(entries[0].info.pid, entries[0].info.thread_count));
    EXPECT_TRUE(isExitedListing(entries[1].info.pid, entries[1].info.thread_count));
    EXPECT_FALSE(isExitedListing(entries[2].info.pid, entries[2].info.thread_count));
}

// W09: limited access is enough for exe, command line and owner; memory is never read on LSASS.
TEST(ProcessOpenPolicy, DetailsNeverAskForVmReadAndLsassIsNeverRead) {
    EXPECT_EQ(kDetailsAccess & kProcessVmRead, 0u);
    EXPECT_EQ(kDetailsAccess, kProcessQueryLimitedInformation);
    EXPECT_FALSE(mayReadMemoryOf("C:\\Windows\\System32\\lsass.exe"));
    EXPECT_FALSE(mayReadMemoryOf("LSASS.EXE"));
    EXPECT_TRUE(mayReadMemoryOf("C:\\Windows\\System32\\svchost.exe"));
    EXPECT_TRUE(mayReadMemoryOf("notlsass.exe"));
}

// W22: a pid reused between the listing and the opening is a different process.
TEST(ProcessOpenPolicy, APidReusedBetweenListingAndOpeningIsNotTheListedProcess) {
    const double listed = unixFromFiletime(kFiletime2024 + 1234567);
    EXPECT_TRUE(sameProcessByCreateTime(listed, unixFromFiletime(kFiletime2024 + 1234567)));
    EXPECT_FALSE(
        sameProcessByCreateTime(listed, unixFromFiletime(kFiletime2024 + 1234567 + 50000)));
}

// Issue #20: the Windows source writes each cycle's listing over an earlier one's storage. Every
// row must read as a fresh parse of the new buffer: nothing left from the process that used the
// element before, and the processes that are gone are gone.
TEST(NtProcessBuffer, ARefilledListingReadsAsAFreshParseAndKeepsItsStorage) {
    NtBufferBuilder before;
    before.add({0, 0, u"", 0, 0, 0, 8192, 2});
    before.add({4, 0, u"System", 0, 0, 50000000, 16384, 3});
    before.add({1234, 4, u"a-rather-long-name.exe", kFiletime2024, 30000000, 0, 65536, 4});
    before.add({1300, 4, u"gone.exe", kFiletime2024, 0, 0, 4096, 2});
    NtBufferBuilder after;
    after.add({0, 0, u"", 0, 0, 0, 8192, 2});
    after.add({1234, 4, u"short.exe", kFiletime2024 + 5, 40000000, 0, 65536, 3});
    after.add({4, 0, u"System", 0, 0, 60000000, 16384, 3});
    const auto& old_buffer = before.build();
    const auto& new_buffer = after.build();

    std::vector<ProcessInfo> listing;
    refillNtProcesses(old_buffer.data(), old_buffer.size(), true, listing);
    ASSERT_EQ(listing.size(), 4u);
    // What the collector adds to a row before it goes back as storage.
    for (ProcessInfo& p : listing) {
        p.details = std::make_shared<const ProcessDetails>();
        p.cpu_percent = 12.5;
        p.io_read_bytes_per_second = 3;
        p.memory_percent = 1;
        p.state = "R";
        p.nice = 5;
    }
    const ThreadInfo* threads_of_second = listing[1].threads.data();
    refillNtProcesses(new_buffer.data(), new_buffer.size(), true, listing);

    const auto fresh = parseNtProcessBuffer(new_buffer.data(), new_buffer.size(), true);
    ASSERT_EQ(listing.size(), fresh.size());
    for (std::size_t i = 0; i < fresh.size(); i++) {
        EXPECT_EQ(rowJson(listing[i]), rowJson(fresh[i].info)) << "row " << i;
        EXPECT_EQ(listing[i].details, nullptr);
    }
    EXPECT_EQ(listing[1].name, "short.exe");
    EXPECT_EQ(listing[1].threads.size(), 3u);
    EXPECT_TRUE(std::none_of(listing.begin(), listing.end(),
                             [](const ProcessInfo& p) { return p.pid == 1300; }));
    // The second element's threads were written where the last listing's were.
    EXPECT_EQ(listing[1].threads.data(), threads_of_second);

    // Threads skipped, or a buffer cut short: the listing shrinks to what was read.
    refillNtProcesses(new_buffer.data(), new_buffer.size(), false, listing);
    ASSERT_EQ(listing.size(), 3u);
    EXPECT_TRUE(listing[1].threads.empty());
    EXPECT_EQ(listing[1].thread_count, 3u);
    refillNtProcesses(new_buffer.data(), 0x100, true, listing);
    ASSERT_EQ(listing.size(), 1u);
    EXPECT_EQ(listing[0].name, "System Idle Process");
    refillNtProcesses(nullptr, 0, true, listing);
    EXPECT_TRUE(listing.empty());
}

// Issue #20: the collector hands a section's rows back to a source that keeps storage only once
// nothing else holds that section; the rows then built on it are those of a fresh source.
TEST(ProcessCollector, RowsNoOneHoldsAreReusedAndTheRowsStayTheSame) {
    NtBufferBuilder first;
    first.add({0, 0, u"", 0, 0, 0, 8192, 2});
    first.add({4, 0, u"System", 0, 0, 50000000, 16384, 3});
    first.add({900, 4, u"svchost.exe", kFiletime2024, 10000000, 0, 4096, 5});
    first.add({950, 900, u"exits-soon.exe", kFiletime2024 + 7, 0, 0, 4096, 1});
    NtBufferBuilder second;  // pid 950 has exited, 980 started, 900 lost two threads
    second.add({0, 0, u"", 0, 0, 0, 8192, 2});
    second.add({4, 0, u"System", 0, 0, 60000000, 16384, 3});
    second.add({900, 4, u"svchost.exe", kFiletime2024, 20000000, 0, 4096, 3});
    second.add({980, 4, u"new.exe", kFiletime2024 + 9, 0, 0, 4096, 2});
    const auto* buffer_one = &first.build();
    const auto* buffer_two = &second.build();

    auto keeping = std::make_unique<NtBufferSource>();
    auto fresh = std::make_unique<NtBufferSource>();
    NtBufferSource* keeping_source = keeping.get();
    NtBufferSource* fresh_source = fresh.get();
    fresh_source->keeps_storage = false;
    ProcessCollector collector(std::move(keeping));
    ProcessCollector reference(std::move(fresh));

    keeping_source->buffer = fresh_source->buffer = buffer_one;
    auto held = collectProcesses(collector);  // a reader keeps this one
    const nlohmann::json held_rows = rowJson(held->processes[2]);
    auto published = collectProcesses(collector);
    published = collectProcesses(collector);
    // The first is still read: its rows were not handed back, nor written over.
    EXPECT_EQ(keeping_source->handed_back, (std::vector<std::size_t>{0, 0, 0}));
    EXPECT_EQ(rowJson(held->processes[2]), held_rows);
    held.reset();
    published = collectProcesses(collector);  // the second is free now: its rows come back
    EXPECT_EQ(keeping_source->handed_back.back(), 4u);

    keeping_source->buffer = fresh_source->buffer = buffer_two;
    for (int cycle = 0; cycle < 3; cycle++) {
        published = collectProcesses(collector);
        EXPECT_GT(keeping_source->handed_back.back(), 0u) << "cycle " << cycle;
        const auto expected = collectProcesses(reference);
        ASSERT_EQ(published->processes.size(), expected->processes.size());
        for (std::size_t i = 0; i < expected->processes.size(); i++) {
            EXPECT_EQ(rowJsonWithoutRates(published->processes[i]),
                      rowJsonWithoutRates(expected->processes[i]))
                << "cycle " << cycle << ", row " << i;
        }
        EXPECT_EQ(published->find(950), nullptr);
        ASSERT_NE(published->find(980), nullptr);
        EXPECT_EQ(*published->find(980)->details->exe, "C:\\new.exe");
        EXPECT_EQ(published->find(900)->threads.size(), 3u);
    }
    // A source without storage is never handed any.
    EXPECT_EQ(fresh_source->handed_back,
              std::vector<std::size_t>(fresh_source->handed_back.size(), 0));
}

// The rows come back from whichever thread drops a section last (a reader, or the publisher
// replacing it) and are written over by the next cycle: under ThreadSanitizer this shows the
// hand-back is ordered after every read of them.
TEST(ProcessCollector, RowsHandedBackByReadersInOtherThreadsAreNeverReadWhileRewritten) {
    NtBufferBuilder one;
    one.add({4, 0, u"System", 0, 0, 50000000, 16384, 3});
    one.add({900, 4, u"svchost.exe", kFiletime2024, 10000000, 0, 4096, 5});
    NtBufferBuilder two;
    two.add({4, 0, u"System", 0, 0, 60000000, 16384, 3});
    two.add({900, 4, u"svchost.exe", kFiletime2024, 20000000, 0, 4096, 4});
    two.add({980, 4, u"new.exe", kFiletime2024 + 9, 0, 0, 4096, 2});
    const std::vector<std::uint8_t>* buffers[] = {&one.build(), &two.build()};

    auto owned = std::make_unique<NtBufferSource>();
    NtBufferSource* source = owned.get();
    ProcessCollector collector(std::move(owned));
    std::mutex slot_mutex;
    std::shared_ptr<const ProcessSection> slot;  // as the snapshot store holds the latest
    std::atomic<bool> stop{false};
    std::atomic<int> wrong{0};
    std::atomic<long> reads{0};
    auto reader = [&] {
        while (!stop.load()) {
            std::shared_ptr<const ProcessSection> seen;
            {
                std::lock_guard<std::mutex> lock(slot_mutex);
                seen = slot;
            }
            if (!seen) {
                continue;
            }
            const ProcessInfo* svchost = seen->find(900);
            const std::size_t threads = seen->processes.size() == 2 ? 5 : 4;
            if (!svchost || svchost->name != "svchost.exe" || svchost->threads.size() != threads) {
                wrong++;
            }
            reads++;
        }
    };
    std::thread first(reader), second(reader);
    std::size_t handed_back = 0;
    for (int cycle = 0; cycle < 300 || reads.load() < 100; cycle++) {
        source->buffer = buffers[cycle % 2];
        auto section = collectProcesses(collector);
        handed_back += source->handed_back.back() > 0 ? 1 : 0;
        std::lock_guard<std::mutex> lock(slot_mutex);
        slot = std::move(section);
    }
    stop = true;
    first.join();
    second.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_GT(handed_back, 0u);
}

// Issue #20: a thread keeps its state and wait reason as codes; what the API shows is the text
// it showed when they were strings.
TEST(ThreadState, CodesAreShownAsTheNamesTheyHad) {
    EXPECT_EQ(ThreadState::nt(0).text(), "initialized");
    EXPECT_EQ(ThreadState::nt(5).text(), "waiting");
    EXPECT_EQ(ThreadState::nt(9).text(), "waiting_for_process_swap");
    EXPECT_EQ(ThreadState::nt(10).text(), "unknown(10)");
    EXPECT_EQ(ThreadState::nt(4294967295u).text(), "unknown(4294967295)");
    ThreadState linux_state;
    EXPECT_EQ(linux_state.text(), "");
    linux_state = std::string("S");  // as the Linux source assigns /proc's letter
    EXPECT_EQ(linux_state.text(), "S");
    linux_state = "running";
    EXPECT_EQ(linux_state, "running");

    NtBufferBuilder builder;
    builder.add({1234, 4, u"a.exe", kFiletime2024, 0, 0, 4096, 1});
    const auto& buffer = builder.build();
    const auto entries = parseNtProcessBuffer(buffer.data(), buffer.size(), true);
    const nlohmann::json thread = toJson(entries.at(0).info.threads.at(0));
    EXPECT_EQ(thread["state"], "waiting");
    EXPECT_EQ(thread["wait_reason"], "UserRequest");
    ThreadInfo from_linux;
    from_linux.state = std::string("R");
    EXPECT_EQ(toJson(from_linux)["state"], "R");
    EXPECT_TRUE(toJson(from_linux)["wait_reason"].is_null());
    EXPECT_EQ(toJson(ThreadInfo{})["state"], "");
    // Unknown codes read as before: the number in the name.
    ThreadInfo odd;
    odd.state = ThreadState::nt(99);
    odd.wait_reason = 77;
    EXPECT_EQ(toJson(odd)["state"], "unknown(99)");
    EXPECT_EQ(toJson(odd)["wait_reason"], "Unknown(77)");
}

// W30: the wait reasons newer Windows adds after WrDeferredPreempt (phnt KWAIT_REASON).
TEST(ProcessParsing, NewerWaitReasonsHaveNames) {
    EXPECT_EQ(windowsWaitReason(38), "WrDeferredPreempt");
    EXPECT_EQ(windowsWaitReason(39), "WrPhysicalFault");
    EXPECT_EQ(windowsWaitReason(40), "WrIoRing");
    EXPECT_EQ(windowsWaitReason(41), "WrMdlCache");
    EXPECT_EQ(windowsWaitReason(42), "Unknown(42)");
}

}  // namespace sysmetrics

namespace sysmetrics {

TEST(ProcessMetrics, PerProcessSeriesAreOptInAndTheCollectorsGaugesStay) {
    ProcessSection section;
    for (std::uint32_t pid = 1; pid <= 1000; pid++) {
        section.processes.push_back(makeProcess(pid, "worker" + std::to_string(pid % 7)));
    }
    section.stats.seen = 1000;
    RenderContext context(MetricNaming::windows);
    context.settings = defaultConfig().settings;
    FamilyList off;
    appendProcessMetrics(section, context, off);
    EXPECT_EQ(off.find("windows_process_info"), nullptr);
    ASSERT_NE(off.find("sysmetrics_process_seen"), nullptr);
    EXPECT_NE(off.text().find("sysmetrics_process_exported 0\n"), std::string::npos);
    EXPECT_NE(off.text().find("sysmetrics_process_excluded 1000\n"), std::string::npos);
    EXPECT_TRUE(processMetricsReads(context.settings).empty());  // so the scrape lets it idle

    auto on = std::make_shared<ProcessSettings>();
    on->per_process = true;
    on->include = SafeRegex::compile("^worker[12]$").value();
    on->limit = 50;
    context.settings.set(ProcessSettings::kCollector, on);
    FamilyList some;
    appendProcessMetrics(section, context, some);
    ASSERT_NE(some.find("windows_process_info"), nullptr);
    EXPECT_EQ(some.find("windows_process_info")->count, 50u);
    EXPECT_EQ(processMetricsReads(context.settings), std::vector<std::string>{"processes"});
}

TEST(ProcessMetrics, IncludeExcludeLimitOrCmdlineLabelWithoutPerProcessTurnItOn) {
    ProcessSettings settings;
    EXPECT_FALSE(settings.perProcessSeries());
    settings.include = SafeRegex::compile("sql").value();
    EXPECT_TRUE(settings.perProcessSeries());
    settings.per_process = false;
    EXPECT_FALSE(settings.perProcessSeries());
    ProcessSettings limited;
    limited.limit = 10;
    EXPECT_TRUE(limited.perProcessSeries());
    ProcessSettings labelled;
    labelled.cmdline_label = true;
    EXPECT_TRUE(labelled.perProcessSeries());
}

}  // namespace sysmetrics

#include "collectors/nt_layouts.h"

namespace sysmetrics {

// windows_exporter reads RTL_USER_PROCESS_PARAMETERS.ProcessGroupId (offset 0x408 of the 64-bit
// structure) with ReadProcessMemory; here from bytes built to that layout.
TEST(ProcessParsing, ProcessGroupIdFromTheProcessParameters) {
    std::vector<std::uint8_t> parameters(kProcessGroupIdEnd, 0);
    const std::uint32_t length = 0x7A0, group = 4242;
    std::memcpy(parameters.data() + 4, &length, sizeof length);
    std::memcpy(parameters.data() + 0x408, &group, sizeof group);
    EXPECT_EQ(parseProcessGroupId(parameters.data(), parameters.size()), 4242u);
    // A Windows whose structure ends before the field (Length says so): unknown, not garbage.
    const std::uint32_t short_length = 0x400;
    std::memcpy(parameters.data() + 4, &short_length, sizeof short_length);
    EXPECT_FALSE(parseProcessGroupId(parameters.data(), parameters.size()).has_value());
    EXPECT_FALSE(parseProcessGroupId(parameters.data(), 0x408).has_value());
    EXPECT_FALSE(parseProcessGroupId(nullptr, 0x40C).has_value());
}

// W09 still holds with the group id: process memory is read only for the pre-8.1 command line or
// when process_group_id is asked for, and never LSASS's.
TEST(ProcessOpenPolicy, ProcessMemoryIsReadOnlyWhenNeededOrAskedAndNeverLsass) {
    EXPECT_FALSE(readsProcessMemory(false, false, "C:\\Windows\\System32\\svchost.exe"));
    EXPECT_TRUE(readsProcessMemory(true, false, "C:\\Windows\\System32\\svchost.exe"));
    EXPECT_TRUE(readsProcessMemory(false, true, "svchost.exe"));
    EXPECT_FALSE(readsProcessMemory(true, true, "C:\\Windows\\System32\\lsass.exe"));
    EXPECT_FALSE(ProcessSettings().process_group_id);  // off unless asked for
}

TEST(ProcessMetrics, ProcessGroupIdAndTheLegacyStartTimeAsWindowsExporterWroteThem) {
    ProcessSection section;
    ProcessInfo p = makeProcess(42, "svchost.exe", 1700000000.5);
    p.ppid = 4;
    auto details = std::make_shared<ProcessDetails>();
    details->process_group_id = 640;
    p.details = details;
    section.processes.push_back(p);
    RenderContext context = perProcessContext(MetricNaming::windows);
    FamilyList families;
    appendProcessMetrics(section, context, families);
    ASSERT_NE(families.find("windows_process_info"), nullptr);
    EXPECT_NE(families.find("windows_process_info")
                  ->samples.find(R"(creating_process_id="4",process_group_id="640",owner="")"),
              std::string::npos);
    // windows_exporter <= v0.30's name: the same value and labels as the current family.
    const auto* legacy = families.find("windows_process_start_time");
    const auto* current = families.find("windows_process_start_time_seconds_timestamp");
    ASSERT_NE(legacy, nullptr);
    ASSERT_NE(current, nullptr);
    EXPECT_EQ(legacy->kind, MetricKind::gauge);
    EXPECT_EQ(legacy->samples,
              R"(windows_process_start_time{process="svchost",process_id="42"} 1700000000.5)"
              "\n");
    EXPECT_EQ(current->samples.substr(current->name.size()),
              legacy->samples.substr(legacy->name.size()));

    context.legacy_names = false;
    FamilyList without_legacy;
    appendProcessMetrics(section, context, without_legacy);
    EXPECT_EQ(without_legacy.find("windows_process_start_time"), nullptr);
    EXPECT_NE(without_legacy.find("windows_process_start_time_seconds_timestamp"), nullptr);

    // Opt-in like every per-process family: none without per_process.
    context.legacy_names = true;
    context.settings.set(ProcessSettings::kCollector, std::make_shared<ProcessSettings>());
    FamilyList off;
    appendProcessMetrics(section, context, off);
    EXPECT_EQ(off.find("windows_process_start_time"), nullptr);

    // Linux names have neither.
    RenderContext linux_context = perProcessContext(MetricNaming::linux);
    FamilyList linux_families;
    appendProcessMetrics(section, linux_context, linux_families);
    ASSERT_NE(linux_families.find("sysmetrics_process_info"), nullptr);
    EXPECT_EQ(linux_families.find("sysmetrics_process_info")->samples.find("process_group_id"),
              std::string::npos);
    EXPECT_EQ(linux_families.find("windows_process_start_time"), nullptr);
}

}  // namespace sysmetrics
