#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "base/linux/unique_fd.h"
#include "collectors/linux/proc_dir.h"

namespace sysmetrics {

// /proc/[pid]/stat files kept open from one process cycle to the next. Every steady cycle
// reads each process's stat; through a kept file that is one pread (procfs builds the text
// afresh at offset 0) instead of openat, read and close, which is most of what a cycle costs
// per process (docs/performance.md). The price is kernel memory, about 4 KB per kept file (its
// seq_file page), so the caller keeps files only while cycles come often, and at most
// `max_kept` are open.
//
// A kept file stays bound to its process: once that process is gone it reads ESRCH, even if
// the pid has been given to another, and is opened again, so a reused pid is never read as
// the process that had it.
class KeptStatFiles {
public:
    explicit KeptStatFiles(const ProcDir& proc) : proc_(proc) {}

    // Starts a cycle that keeps what it reads, up to `max_kept` files, or (`keep` false) closes
    // every kept file and keeps none.
    void beginCycle(bool keep, std::size_t max_kept);
    // As ProcDir::read(pid, "stat", ...).
    std::string_view read(std::uint32_t pid, char* buffer, std::size_t size, int& error);
    // Closes the files of processes not read since beginCycle (they are gone).
    void endCycle();
    std::size_t keptCount() const { return kept_.size(); }

    // How many files a process may keep under a soft descriptor limit: half of what is left
    // after 1,024 for everything else (the HTTP front's connections, logs, textfiles), and no
    // more than 16,384 (64 MB of kernel memory).
    static std::size_t budgetForLimit(std::uint64_t soft_limit);

private:
    struct Kept {
        UniqueFd file;
        std::uint64_t read_cycle = 0;
    };

    const ProcDir& proc_;
    std::unordered_map<std::uint32_t, Kept> kept_;
    std::uint64_t cycle_ = 0;
    bool keeping_ = false;
    std::size_t max_kept_ = 0;
};

}  // namespace sysmetrics
