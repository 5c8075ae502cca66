#include "collectors/socket_owner_map.h"

namespace sysmetrics {

void SocketOwnerMap::scan(std::uint32_t pid, Known& known, const Sources& sources) {
    last_scans_++;
    known.scanned = true;
    for (std::uint64_t inode : known.sockets) {
        auto it = owners_.find(inode);
        if (it != owners_.end() && it->second == pid) {
            owners_.erase(it);
        }
    }
    known.sockets = sources.sockets_of(pid).value_or(std::vector<std::uint64_t>{});
    for (std::uint64_t inode : known.sockets) {
        // A socket shared by several processes (inherited by fork) goes to the lowest pid that
        // still holds it, as a full scan in pid order would give it.
        auto [it, added] = owners_.try_emplace(inode, pid);
        if (!added && it->second > pid) {
            it->second = pid;
        }
        ownerless_.erase(inode);
    }
}

void SocketOwnerMap::refresh(const std::vector<std::uint64_t>& wanted, const Sources& sources) {
    last_scans_ = 0;
    std::map<std::uint32_t, Known> now;
    std::vector<std::uint32_t> changed;
    for (const auto& [pid, signature] : sources.processes()) {
        Known& known = now[pid];
        known.signature = signature;
        auto before = pids_.find(pid);
        if (before != pids_.end() && before->second.signature == signature) {
            known.sockets = std::move(before->second.sockets);
            pids_.erase(before);
        } else {
            changed.push_back(pid);
        }
    }
    // Whatever is left in pids_ exited or changed: its sockets lose that owner.
    for (const auto& [pid, gone] : pids_) {
        for (std::uint64_t inode : gone.sockets) {
            auto it = owners_.find(inode);
            if (it != owners_.end() && it->second == pid) {
                owners_.erase(it);
            }
        }
    }
    pids_ = std::move(now);
    for (std::uint32_t pid : changed) {
        scan(pid, pids_[pid], sources);  // new, or its descriptors changed
    }
    std::unordered_set<std::uint64_t> unknown;
    for (std::uint64_t inode : wanted) {
        if (inode != 0 && owners_.count(inode) == 0 && ownerless_.count(inode) == 0) {
            unknown.insert(inode);
        }
    }
    for (auto it = pids_.begin(); !unknown.empty() && it != pids_.end(); ++it) {
        if (it->second.scanned) {
            continue;
        }
        scan(it->first, it->second, sources);
        for (std::uint64_t inode : it->second.sockets) {
            unknown.erase(inode);
        }
    }
    std::unordered_set<std::uint64_t> still_wanted(wanted.begin(), wanted.end());
    for (auto it = ownerless_.begin(); it != ownerless_.end();) {
        it = still_wanted.count(*it) ? std::next(it) : ownerless_.erase(it);
    }
    ownerless_.insert(unknown.begin(), unknown.end());
    for (auto& [pid, known] : pids_) {
        known.scanned = false;
    }
}

std::optional<std::uint32_t> SocketOwnerMap::ownerOf(std::uint64_t inode) const {
    auto it = owners_.find(inode);
    return it == owners_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

}  // namespace sysmetrics
