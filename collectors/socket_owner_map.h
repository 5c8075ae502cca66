#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

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
class SocketOwnerMap {
public:
    struct Sources {
        // Every process now, by pid, with its signature.
        std::function<std::vector<std::pair<std::uint32_t, FdSetSignature>>()> processes;
        // The socket inodes a process holds; nullopt when it exited or refused.
        std::function<std::optional<std::vector<std::uint64_t>>(std::uint32_t pid)> sockets_of;
    };

    // Brings the map up to date for `wanted`, the socket inodes of the current table (0 = none).
    void refresh(const std::vector<std::uint64_t>& wanted, const Sources& sources);
    std::optional<std::uint32_t> ownerOf(std::uint64_t inode) const;
    // Descriptor tables read by the last refresh (0 in a steady state).
    std::uint64_t lastScans() const { return last_scans_; }

private:
    struct Known {
        FdSetSignature signature;
        std::vector<std::uint64_t> sockets;
        bool scanned = false;
    };
    void scan(std::uint32_t pid, Known& known, const Sources& sources);

    std::map<std::uint32_t, Known> pids_;
    std::unordered_map<std::uint64_t, std::uint32_t> owners_;
    std::unordered_set<std::uint64_t> ownerless_;
    std::uint64_t last_scans_ = 0;
};

}  // namespace sysmetrics
