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

const std::vector<std::optional<std::uint32_t>>& SocketOwnerMap::refresh(
    const std::vector<std::uint64_t>& wanted, const Sources& sources) {
    last_scans_ = 0;
    const auto counters = sources.task_counters ? sources.task_counters() : std::nullopt;
    const double now = sources.now ? sources.now() : 0;
    const bool quiet = counters && sources.now && last_check_ &&
                       last_check_->counters == *counters && now >= last_check_->at &&
                       now - last_check_->at < kRecheckSeconds;
    const bool same_table = wanted == last_wanted_;
    last_skipped_ = quiet && (same_table || placed(wanted));
    if (last_skipped_ && same_table) {
        return last_owners_;
    }
    if (!last_skipped_) {
        // The counters were read before the signatures: a process created during the check
        // moves them, and the next refresh checks again.
        check(wanted, sources);
        last_check_.reset();
        if (counters && sources.now) {
            last_check_ = Check{*counters, now};
        }
    }
    last_wanted_ = wanted;
    last_owners_.clear();
    last_owners_.reserve(wanted.size());
    for (std::uint64_t inode : wanted) {
        last_owners_.push_back(inode == 0 ? std::nullopt : ownerOf(inode));
    }
    return last_owners_;
}

bool SocketOwnerMap::placed(const std::vector<std::uint64_t>& wanted) const {
    for (std::uint64_t inode : wanted) {
        if (inode != 0 && owners_.count(inode) == 0 && ownerless_.count(inode) == 0) {
            return false;
        }
    }
    return true;
}

void SocketOwnerMap::check(const std::vector<std::uint64_t>& wanted, const Sources& sources) {
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
    if (!ownerless_.empty()) {
        std::unordered_set<std::uint64_t> still_wanted(wanted.begin(), wanted.end());
        for (auto it = ownerless_.begin(); it != ownerless_.end();) {
            it = still_wanted.count(*it) ? std::next(it) : ownerless_.erase(it);
        }
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
