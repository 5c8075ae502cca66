#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "collectors/section.h"

namespace sysmetrics {

// What opening a process adds to the table: found once per process identity and shared by every
// snapshot while the process lives.
struct ProcessDetails {
    std::optional<std::string> name;  // a better name than the listing's (Linux: untruncated)
    std::optional<std::string> exe;
    std::optional<std::string> cmdline;
    std::optional<std::string> owner;  // "DOMAIN\user" on Windows, the user name on Linux
    // Windows, opt-in (collectors.processes.process_group_id): RTL_USER_PROCESS_PARAMETERS
    // ProcessGroupId, the console process group (windows_process_info's process_group_id).
    std::optional<std::uint32_t> process_group_id;
    std::vector<std::string> access_denied;  // names of the fields that were refused
};

// A thread's scheduling state, kept small (a listing holds one per thread, 12,000 for 1,000
// processes) and named only where it is output, by text(): an NT KTHREAD_STATE number
// (Windows; windowsThreadState's name), or the text a source gives (Linux: the /proc state
// letter; the first kMaxText bytes are kept).
class ThreadState {
public:
    static constexpr std::size_t kMaxText = 11;
    ThreadState() = default;
    static ThreadState nt(std::uint32_t state) {
        ThreadState s;
        s.code_ = state;
        s.size_ = kNt;
        return s;
    }
    ThreadState& operator=(std::string_view text) {
        size_ = static_cast<std::uint8_t>(text.size() < kMaxText ? text.size() : kMaxText);
        text.copy(text_, size_);
        return *this;
    }
    std::string text() const;
    bool operator==(std::string_view other) const { return text() == other; }
    bool operator!=(std::string_view other) const { return !(*this == other); }

private:
    static constexpr std::uint8_t kNt = 0xFF;
    std::uint32_t code_ = 0;
    std::uint8_t size_ = 0;  // of text_, or kNt
    char text_[kMaxText] = {};
};
std::ostream& operator<<(std::ostream& out, const ThreadState& state);  // for test messages

struct ThreadInfo {
    std::uint32_t tid = 0;
    ThreadState state;
    std::optional<std::uint32_t> wait_reason;  // Windows KWAIT_REASON; windowsWaitReason names it
    std::int32_t priority = 0;
    std::int32_t base_priority = 0;
    double user_seconds = 0;
    double kernel_seconds = 0;
    std::optional<double> create_time;
    std::optional<std::uint64_t> start_address;  // Windows
    std::optional<std::uint64_t> context_switches;
};

struct ProcessInfo {
    std::uint32_t pid = 0;
    std::uint32_t ppid = 0;
    std::string name;
    double create_time = 0;  // unix seconds; with pid, the process identity
    double user_seconds = 0;
    double kernel_seconds = 0;
    std::uint64_t working_set_bytes = 0;  // resident set size on Linux
    std::optional<std::uint64_t> working_set_peak_bytes;
    std::optional<std::uint64_t> working_set_private_bytes;
    std::optional<std::uint64_t> private_bytes;
    std::uint64_t virtual_bytes = 0;
    std::optional<std::uint64_t> virtual_peak_bytes;
    std::optional<std::uint64_t> page_file_bytes;
    std::optional<std::uint64_t> page_faults;  // Windows: all; Linux: minor
    bool page_faults_wrap_32 = false;  // Windows PageFaultCount is a ULONG that wraps at 2^32
    std::optional<std::uint64_t> major_page_faults;  // Linux
    std::optional<std::uint64_t> paged_pool_bytes;
    std::optional<std::uint64_t> nonpaged_pool_bytes;
    std::optional<std::uint32_t> handles;
    std::uint32_t thread_count = 0;
    std::int32_t base_priority = 0;
    std::optional<std::int32_t> nice;  // Linux
    std::optional<std::uint32_t> session_id;
    std::optional<std::string> state;  // Linux: R, S, D, Z, ...
    std::optional<std::uint32_t> uid;  // Linux real uid
    std::optional<std::uint64_t> io_read_bytes, io_write_bytes, io_other_bytes;
    std::optional<std::uint64_t> io_read_ops, io_write_ops, io_other_ops;
    std::vector<ThreadInfo> threads;
    std::shared_ptr<const ProcessDetails> details;  // null until opened
    // Derived from two cycles.
    // The first time a process is seen, its lifetime average, so it sorts where it belongs.
    std::optional<double> cpu_percent;        // 100 = one logical CPU fully busy
    std::optional<double> cpu_percent_total;  // 100 = every logical CPU fully busy
    std::optional<double> io_read_bytes_per_second, io_write_bytes_per_second;
    double memory_percent = 0;  // working set / physical memory
};

struct ProcessIdentity {
    std::uint32_t pid = 0;
    std::int64_t create_time_ms = 0;
    bool operator<(const ProcessIdentity& o) const {
        return pid != o.pid ? pid < o.pid : create_time_ms < o.create_time_ms;
    }
    bool operator==(const ProcessIdentity& o) const {
        return pid == o.pid && create_time_ms == o.create_time_ms;
    }
};
ProcessIdentity identityOf(const ProcessInfo& process);
struct ProcessIdentityHash {
    std::size_t operator()(const ProcessIdentity& id) const {
        return std::hash<std::uint64_t>()((std::uint64_t{id.pid} << 40) ^
                                          static_cast<std::uint64_t>(id.create_time_ms));
    }
};

struct ProcessCycleStats {
    std::uint64_t seen = 0;
    std::uint64_t details_opened = 0;
    std::uint64_t access_denied = 0;
    std::uint64_t vanished = 0;  // exited between the listing and the opening
    double cycle_seconds = 0;
};

struct ProcessSection : Section {
    static constexpr const char* kName = "processes";
    std::vector<ProcessInfo> processes;  // sorted by pid
    ProcessCycleStats stats;
    std::uint64_t access_denied_total = 0;
    std::uint64_t details_opened_total = 0;
    std::uint32_t logical_cpus = 1;
    std::uint64_t physical_memory_bytes = 0;

    const ProcessInfo* find(std::uint32_t pid) const;
};

// The raw table of one cycle from a platform.
struct ProcessList {
    std::vector<ProcessInfo> processes;
    std::uint32_t logical_cpus = 1;
    std::uint64_t physical_memory_bytes = 0;
    std::uint64_t access_denied = 0;  // fields refused while listing (Linux /proc/PID/io)
};

// A platform's process table. list() must not open processes (Windows: one NtQSI call);
// details() opens one, and says `gone` when it exited meanwhile.
class ProcessSource {
public:
    virtual ~ProcessSource() = default;
    virtual Result<ProcessList> list() = 0;
    struct Opened {
        bool gone = false;
        ProcessDetails details;
    };
    virtual Opened details(const ProcessInfo& process) = 0;
    virtual std::vector<std::string> notes() const { return {}; }
    // Where a source that refills its listing in place keeps the storage for the next list():
    // the collector puts there the rows of a section no one holds any more, so their vector and
    // each process's name and threads are written over rather than allocated again every cycle.
    // Null (the default): the source builds each listing afresh.
    virtual std::vector<ProcessInfo>* listingStorage() { return nullptr; }
};

struct ProcessSourceOptions {
    bool threads = true;
    bool process_group_id = false;  // Windows: read it from each new process's memory
    // Seconds on a steady clock (steadySeconds() when empty): how far apart cycles come.
    std::function<double()> now = nullptr;
};
std::unique_ptr<ProcessSource> makeProcessSource(const ProcessSourceOptions& options);

// ---- Portable interpretation, tested with samples the tests build ----

// Fills cpu_percent and keeps counters from going backwards for one identity.
class ProcessTracker {
public:
    // `now` in seconds of a monotonic clock; `wall_now` in Unix seconds (0: unknown) dates a new
    // process's lifetime for its first cpu_percent.
    void update(std::vector<ProcessInfo>& processes, double now, std::uint32_t logical_cpus,
                double wall_now = 0);

private:
    struct Previous {
        double cpu_seconds = 0;
        double user_seconds = 0;
        double kernel_seconds = 0;
        double at = 0;
        std::optional<std::uint64_t> io_read_bytes, io_write_bytes, io_other_bytes;
        std::optional<std::uint64_t> io_read_ops, io_write_ops, io_other_ops, page_faults,
            major_page_faults;
        std::optional<std::uint32_t> page_faults_raw;  // the 32-bit reading page_faults extends
        std::uint64_t generation = 0;
    };
    // Kept across cycles and swept, so a steady cycle allocates nothing here.
    std::unordered_map<ProcessIdentity, Previous, ProcessIdentityHash> previous_;
    std::uint64_t generation_ = 0;
};

// Windows names for NT thread states and wait reasons.
std::string windowsThreadState(std::uint32_t state);
std::string windowsWaitReason(std::uint32_t reason);

// Parsed SYSTEM_PROCESS_INFORMATION entries of a 64-bit NtQuerySystemInformation buffer, names
// in UTF-8. PID 0 has no image name and is named "System Idle Process", as Task Manager does.
// A malformed buffer yields the entries that were valid before the fault.
struct NtProcessEntry {
    ProcessInfo info;
};
std::vector<NtProcessEntry> parseNtProcessBuffer(const std::uint8_t* data, std::size_t size,
                                                 bool with_threads);
// The same processes, written over `listing`: it ends with exactly the buffer's processes, each
// as parseNtProcessBuffer gives it, while the elements already there keep their name's and
// threads' storage (and the vector its capacity). For a source that keeps its listing's storage
// across cycles (ProcessSource::listingStorage).
void refillNtProcesses(const std::uint8_t* data, std::size_t size, bool with_threads,
                       std::vector<ProcessInfo>& listing);

// Linux /proc/[pid] files.
struct LinuxStat {
    std::uint32_t pid = 0;
    std::string comm;
    std::string state;
    std::uint32_t ppid = 0;
    std::uint64_t minflt = 0, majflt = 0, utime = 0, stime = 0;
    std::int64_t priority = 0, nice = 0;
    std::uint32_t num_threads = 0;
    std::uint64_t starttime = 0;  // ticks since boot
    std::uint64_t vsize = 0;
    std::int64_t rss_pages = 0;
};
std::optional<LinuxStat> parseProcStat(std::string_view text);

struct LinuxStatus {
    std::optional<std::uint32_t> uid;
    std::optional<std::uint64_t> vm_hwm_bytes, vm_peak_bytes, vm_swap_bytes, rss_anon_bytes;
};
LinuxStatus parseProcStatus(std::string_view text);
// What processFromLinux took from status, back out of its row.
LinuxStatus statusOf(const ProcessInfo& process);

struct LinuxIo {
    std::uint64_t rchar = 0, wchar = 0, syscr = 0, syscw = 0;
};
std::optional<LinuxIo> parseProcIo(std::string_view text);

// NUL-separated arguments joined with spaces; an argument with a space is quoted.
std::string cmdlineFromProc(std::string_view raw);

// Linux truncates comm to 15 bytes; the executable or argv[0] gives the full name when it
// starts with comm.
std::string fullProcessName(const std::string& comm, const std::optional<std::string>& exe,
                            const std::optional<std::string>& cmdline);

ProcessInfo processFromLinux(const LinuxStat& stat, const LinuxStatus& status,
                             const std::optional<LinuxIo>& io, double boot_time,
                             double ticks_per_second, std::uint64_t page_size);

}  // namespace sysmetrics
