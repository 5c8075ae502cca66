#include <dirent.h>
#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>

#include "base/clock.h"
#include "base/file_read.h"
#include "base/heap_release.h"
#include "base/linux/open_file_limit.h"
#include "base/text_parse.h"
#include "collectors/linux/kept_stat_files.h"
#include "collectors/linux/proc_dir.h"
#include "collectors/linux/task_counters.h"
#include "collectors/process.h"
#include "collectors/steady_cycles.h"
#include "collectors/system.h"

namespace sysmetrics {

namespace {

std::vector<std::uint32_t> numericEntries(const std::string& path) {
    std::vector<std::uint32_t> ids;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(path.c_str()), &closedir);
    if (!dir) {
        return ids;
    }
    while (const dirent* entry = readdir(dir.get())) {
        if (std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) {
            if (auto id = parseUnsigned(entry->d_name)) {
                ids.push_back(static_cast<std::uint32_t>(*id));
            }
        }
    }
    return ids;
}

Result<std::string> readLink(const std::string& path) {
    std::string target(4096, '\0');
    const ssize_t n = readlink(path.c_str(), target.data(), target.size());
    if (n < 0) {
        const int err = errno;
        return Error{err == EACCES || err == EPERM ? ErrorCode::access_denied
                     : err == ENOENT               ? ErrorCode::not_found
                                                   : ErrorCode::os_error,
                     err, "readlink " + path};
    }
    target.resize(static_cast<std::size_t>(n));
    return target;
}

class LinuxProcessSource : public ProcessSource {
public:
    explicit LinuxProcessSource(const ProcessSourceOptions& options)
        : options_(options),
          ticks_per_second_(static_cast<double>(sysconf(_SC_CLK_TCK))),
          page_size_(static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE))) {}

    Result<ProcessList> list() override {
        // Start times are boot time + ticks: without the boot time every one would be wrong
        // (near 1970), and with pid they are each process's identity. So no boot time, no list,
        // with the reason; it is read again next cycle.
        if (boot_time_ <= 0) {
            auto stat = readTextFile("/proc/stat");
            if (!stat.ok()) {
                Error error = stat.error();
                error.detail = "needed for the boot time process start times are counted from";
                return error;
            }
            const auto boot = bootTimeFromProcStat(stat.value());
            if (!boot || *boot <= 0) {
                return Error{ErrorCode::invalid_data, 0, "/proc/stat",
                             "no btime line (the boot time that process start times are counted "
                             "from)"};
            }
            boot_time_ = *boot;
        }
        ProcessList list;
        const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        list.logical_cpus = cpus > 0 ? static_cast<std::uint32_t>(cpus) : 1;
        list.physical_memory_bytes =
            static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * page_size_;
        const std::vector<std::uint32_t>& pids = listPids();
        if (pids.empty() || !proc_.ok()) {
            return Error{ErrorCode::os_error, errno, "opendir /proc"};
        }
        cycle_++;
        char buffer[4096];
        // Cycles a minute apart or less (the 15 s default while someone reads processes) keep
        // their stat files open, their rows for reuse and the storage of their listings; the
        // 5-minute cycles of a collector nobody reads, and the first, keep none of it: they
        // would hold memory for little.
        const bool steady = cycles_.next(now());
        stat_files_.beginCycle(steady, KeptStatFiles::budgetForLimit(openFileSoftLimit()));
        // Written over, element by element, so the rows' vector and their names keep the memory
        // they had: a fresh listing of 1,000 processes faulted in about a megabyte every cycle.
        std::vector<ProcessInfo>& rows = list.processes;
        if (steady) {
            rows = std::move(listing_storage_);
        }
        std::vector<ProcessInfo>().swap(listing_storage_);
        rows.reserve(pids.size() + pids.size() / 8 + 16);  // a few new processes: no move
        std::size_t listed = 0;
        const auto put = [&rows, &listed](const ProcessInfo& info) {
            if (listed < rows.size()) {
                rows[listed] = info;
            } else {
                rows.push_back(info);
            }
            listed++;
        };
        for (std::uint32_t pid : pids) {
            int error = 0;
            const std::string_view stat_text = stat_files_.read(pid, buffer, sizeof buffer, error);
            if (error != 0) {
                continue;  // exited since the directory listing
            }
            const std::size_t stat_hash = std::hash<std::string_view>()(stat_text);
            auto [it, added] = known_.try_emplace(pid);
            Known& known = it->second;
            known.seen_cycle = cycle_;
            const bool unchanged = !added && known.stat_hash == stat_hash;
            if (unchanged && known.unchanged_cycles < kRereadAfter) {
                known.unchanged_cycles++;
                list.access_denied += known.io_denied ? 1 : 0;
                put(known.info);
                continue;
            }
            const auto stat = parseProcStat(stat_text);
            if (!stat) {
                known_.erase(it);
                continue;
            }
            known.stat_hash = stat_hash;
            // Staggered, so the periodic full reads of idle processes spread over the cycles.
            known.unchanged_cycles = added ? pid % kRereadAfter : 0;
            // What status holds moves only with what stat shows (a fault, a change of size), but
            // for the uid: the periodic reread of an unchanged process reads it one time in
            // kStatusEveryRereads, and io every time.
            const bool keep_status =
                unchanged && ++known.periodic_rereads % kStatusEveryRereads != 0;
            const LinuxStatus kept_status = keep_status ? statusOf(known.info) : LinuxStatus{};
            known.info = readRest(*stat, known.io_denied, keep_status ? &kept_status : nullptr);
            list.access_denied += known.io_denied ? 1 : 0;
            put(known.info);
        }
        rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(listed), rows.end());
        for (auto it = known_.begin(); it != known_.end();) {
            it = it->second.seen_cycle == cycle_ ? std::next(it) : known_.erase(it);
        }
        stat_files_.endCycle();
        if (!steady) {
            decltype(known_)().swap(known_);
            releaseFreeHeap();  // the rows just dropped, about 600 bytes a process
        }
        return list;
    }

    std::vector<ProcessInfo>* listingStorage() override {
        return cycles_.steadyAt(now()) ? &listing_storage_ : nullptr;
    }

    Opened details(const ProcessInfo& process) override {
        Opened opened;
        const std::string base = "/proc/" + std::to_string(process.pid);
        ProcessDetails& d = opened.details;
        auto exe = readLink(base + "/exe");
        if (exe.ok()) {
            d.exe = exe.value();
        } else if (exe.error().code == ErrorCode::access_denied) {
            d.access_denied.push_back("exe");
        }
        auto cmdline = readTextFile(base + "/cmdline");
        if (cmdline.ok()) {
            if (!cmdline.value().empty()) {
                d.cmdline = cmdlineFromProc(cmdline.value());
            }
        } else if (cmdline.error().code == ErrorCode::not_found) {
            opened.gone = true;
            return opened;
        } else if (cmdline.error().code == ErrorCode::access_denied) {
            d.access_denied.push_back("cmdline");
        }
        if (process.uid) {
            d.owner = userName(*process.uid);
        }
        const std::string full = fullProcessName(process.name, d.exe, d.cmdline);
        if (full != process.name) {
            d.name = full;
        }
        return opened;
    }

private:
    double now() const { return options_.now ? options_.now() : steadySeconds(); }

    // The pids in /proc. Walking it costs a dentry lookup per task; the set cannot have changed
    // while the kernel's fork counter and task count read as at the last walk (as the system
    // collector's process count), so the last walk's pids stand.
    const std::vector<std::uint32_t>& listPids() {
        const auto counters = readTaskCounters();
        if (counters && pids_walk_.reuse(counters->forks, counters->tasks)) {
            return pids_;
        }
        pids_ = numericEntries("/proc");
        if (counters && !pids_.empty()) {
            pids_walk_.remember(counters->forks, counters->tasks, pids_.size());
        } else {
            pids_walk_ = ProcessCountReuse();
        }
        return pids_;
    }

    // What a process's /proc/[pid]/stat does not carry: status (peaks, swap, anonymous memory,
    // uid), io and threads.
    // `known_status`, when given, stands for status without reading it.
    ProcessInfo readRest(const LinuxStat& stat, bool& io_denied,
                         const LinuxStatus* known_status) const {
        char buffer[16384];  // status grows with supplementary groups and CPU masks
        int error = 0;
        LinuxStatus status;
        if (known_status) {
            status = *known_status;
        } else {
            const std::string_view status_text =
                proc_.read(stat.pid, "status", buffer, sizeof buffer, error);
            status = error == 0 ? parseProcStatus(status_text) : LinuxStatus{};
        }
        std::optional<LinuxIo> io;
        const std::string_view io_text = proc_.read(stat.pid, "io", buffer, sizeof buffer, error);
        if (error == 0) {
            io = parseProcIo(io_text);
        }
        io_denied = error == EACCES || error == EPERM;
        ProcessInfo process =
            processFromLinux(stat, status, io, boot_time_, ticks_per_second_, page_size_);
        if (options_.threads) {
            readThreads("/proc/" + std::to_string(stat.pid), process);
        }
        return process;
    }

    void readThreads(const std::string& base, ProcessInfo& process) const {
        for (std::uint32_t tid : numericEntries(base + "/task")) {
            auto text = readTextFile(base + "/task/" + std::to_string(tid) + "/stat");
            if (!text.ok()) {
                continue;
            }
            const auto stat = parseProcStat(text.value());
            if (!stat) {
                continue;
            }
            ThreadInfo thread;
            thread.tid = tid;
            thread.state = stat->state;
            thread.priority = static_cast<std::int32_t>(stat->priority);
            thread.base_priority = static_cast<std::int32_t>(stat->nice);
            thread.user_seconds = static_cast<double>(stat->utime) / ticks_per_second_;
            thread.kernel_seconds = static_cast<double>(stat->stime) / ticks_per_second_;
            thread.create_time =
                boot_time_ + static_cast<double>(stat->starttime) / ticks_per_second_;
            process.threads.push_back(std::move(thread));
        }
    }

    std::string userName(std::uint32_t uid) {
        auto it = users_.find(uid);
        if (it != users_.end()) {
            return it->second;
        }
        std::string name = std::to_string(uid);
        passwd entry{};
        passwd* found = nullptr;
        std::vector<char> buffer(16384);
        if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found) {
            name = found->pw_name;
        }
        users_[uid] = name;
        return name;
    }

    // A process whose /proc/[pid]/stat reads the same bytes as last cycle has not run a clock
    // tick, faulted, grown, shrunk or changed state: its row is reused without reading status,
    // io and threads. Every process is still read whole at least every kRereadAfter cycles, for
    // what can move without a tick (small reads and writes, swap-out of an idle process).
    static constexpr std::uint32_t kRereadAfter = 8;
    static constexpr std::uint32_t kStatusEveryRereads = 4;
    struct Known {
        std::size_t stat_hash = 0;
        std::uint32_t unchanged_cycles = 0;
        std::uint32_t periodic_rereads = 0;
        std::uint64_t seen_cycle = 0;
        bool io_denied = false;
        ProcessInfo info;
    };

    ProcessSourceOptions options_;
    ProcDir proc_;
    KeptStatFiles stat_files_{proc_};
    std::vector<std::uint32_t> pids_;
    ProcessCountReuse pids_walk_;
    SteadyCycles cycles_;
    std::unordered_map<std::uint32_t, Known> known_;
    std::vector<ProcessInfo> listing_storage_;
    std::uint64_t cycle_ = 0;
    double ticks_per_second_;
    std::uint64_t page_size_;
    double boot_time_ = 0;
    std::map<std::uint32_t, std::string> users_;
};

}  // namespace

std::unique_ptr<ProcessSource> makeProcessSource(const ProcessSourceOptions& options) {
    return std::make_unique<LinuxProcessSource>(options);
}

}  // namespace sysmetrics
