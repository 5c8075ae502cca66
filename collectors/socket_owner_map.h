#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "collectors/task_counters.h"

namespace sysmetrics {

// What a cheap check tells about one process's descriptor table without reading it (Linux:
// stat of /proc/[pid]/fd: its inode, new for a new process, and since Linux 6.2 the number of
// open descriptors as its size). Equal signatures mean "most likely the same descriptors".
struct FdSetSignature {
    std::uint64_t identity = 0;
    std::int64_t count = -1;  // -1: the check was refused
    bool operator==(const FdSetSignature& o) const {
        return identity == o.identity && count == o.count;
    }
};

// Socket inode -> owning pid, kept across cycles. Only processes whose signature changed (or
// that are new) have their descriptors read again; a socket in the table that no known process
// holds starts a search of the remaining processes, stopped as soon as every such socket is
// found. Sockets no process holds (kernel sockets, a descriptor in flight, processes we may not
// read) are remembered as ownerless, so they do not start a search every cycle.
//
// Even the signatures cost a system call per process, as much as the table itself on a host
// with many processes. So while no process was created or ended (TaskCounters as at the last
// check) and every socket in the table is already placed, a refresh reads nothing, for up to
// kRecheckSeconds after the last check. What that leaves unseen until then is a socket handed
// between two processes that both lived through it, neither opening a new socket meanwhile
// (passed over a Unix socket, or a parent closing the copy a child inherited): its owner is
// read late, never invented.
class SocketOwnerMap {
public:
    static constexpr double kRecheckSeconds = 30;

    struct Sources {
        // Every process now, by pid, with its signature.
        std::function<std::vector<std::pair<std::uint32_t, FdSetSignature>>()> processes;
        // The socket inodes a process holds; nullopt when it exited or refused.
        std::function<std::optional<std::vector<std::uint64_t>>(std::uint32_t pid)> sockets_of;
        // The task counters now; without them (or when they cannot be read) every refresh
        // checks the signatures.
        std::function<std::optional<TaskCounters>()> task_counters = nullptr;
        // Monotonic seconds, for kRecheckSeconds.
        std::function<double()> now = nullptr;
    };

    // Brings the map up to date for `wanted`, the socket inodes of the current table (0 = none),
    // and returns the owner of each, in its order.
    const std::vector<std::optional<std::uint32_t>>& refresh(
        const std::vector<std::uint64_t>& wanted, const Sources& sources);
    std::optional<std::uint32_t> ownerOf(std::uint64_t inode) const;
    // Descriptor tables read by the last refresh (0 in a steady state).
    std::uint64_t lastScans() const { return last_scans_; }
    // Whether the last refresh left out the signatures (nothing could have moved).
    bool lastSkippedCheck() const { return last_skipped_; }

private:
    struct Known {
        std::uint32_t pid = 0;
        FdSetSignature signature;
        std::vector<std::uint64_t> sockets;
        bool scanned = false;
    };
    struct Check {
        TaskCounters counters;
        double at = 0;
    };
    void check(const std::vector<std::uint64_t>& wanted, const Sources& sources);
    void scan(Known& known, const Sources& sources);
    // Drops the owner entries that name `known`'s process for the sockets it held.
    void forget(const Known& known);
    bool placed(const std::vector<std::uint64_t>& wanted) const;

    std::vector<Known> pids_;  // in pid order
    std::unordered_map<std::uint64_t, std::uint32_t> owners_;
    // Sockets no process holds, each with the last check that saw it in the table.
    std::unordered_map<std::uint64_t, std::uint64_t> ownerless_;
    std::uint64_t checks_ = 0;
    std::optional<Check> last_check_;
    std::vector<std::uint64_t> last_wanted_;
    std::vector<std::optional<std::uint32_t>> last_owners_;
    std::uint64_t last_scans_ = 0;
    bool last_skipped_ = false;
};

}  // namespace sysmetrics
