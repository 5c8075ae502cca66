#include "collectors/socket_owner_map.h"

#include <algorithm>

namespace sysmetrics {

void SocketOwnerMap::scan(Known& known, const Sources& sources) {
    last_scans_++;
    known.scanned = true;
    forget(known);
    known.sockets = sources.sockets_of(known.pid).value_or(std::vector<std::uint64_t>{});
    for (std::uint64_t inode : known.sockets) {
        // A socket shared by several processes (inherited by fork) goes to the lowest pid that
        // still holds it, as a full scan in pid order would give it.
        auto [it, added] = owners_.try_emplace(inode, known.pid);
        if (!added && it->second > known.pid) {
            it->second = known.pid;
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

void SocketOwnerMap::forget(const Known& known) {
    for (std::uint64_t inode : known.sockets) {
        auto it = owners_.find(inode);
        if (it != owners_.end() && it->second == known.pid) {
            owners_.erase(it);
        }
    }
}

void SocketOwnerMap::check(const std::vector<std::uint64_t>& wanted, const Sources& sources) {
    checks_++;
    auto processes = sources.processes();
    const auto by_pid = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (!std::is_sorted(processes.begin(), processes.end(), by_pid)) {
        std::sort(processes.begin(), processes.end(), by_pid);
    }
    // Both lists are in pid order: one pass pairs each process with what was known of it.
    std::vector<Known> now;
    now.reserve(processes.size());
    std::vector<std::size_t> changed;
    auto before = pids_.begin();
    for (const auto& [pid, signature] : processes) {
        for (; before != pids_.end() && before->pid < pid; ++before) {
            forget(*before);  // exited
        }
        Known& known = now.emplace_back();
        known.pid = pid;
        known.signature = signature;
        if (before != pids_.end() && before->pid == pid) {
            if (before->signature == signature) {
                known.sockets = std::move(before->sockets);
            } else {
                forget(*before);
                changed.push_back(now.size() - 1);
            }
            ++before;
        } else {
            changed.push_back(now.size() - 1);
        }
    }
    for (; before != pids_.end(); ++before) {
        forget(*before);
    }
    pids_ = std::move(now);
    for (std::size_t index : changed) {
        scan(pids_[index], sources);  // new, or its descriptors changed
    }
    std::unordered_set<std::uint64_t> unknown;
    for (std::uint64_t inode : wanted) {
        if (inode == 0 || owners_.count(inode) != 0) {
            continue;
        }
        auto ownerless = ownerless_.find(inode);
        if (ownerless != ownerless_.end()) {
            ownerless->second = checks_;  // still in the table
        } else {
            unknown.insert(inode);
        }
    }
    for (auto it = pids_.begin(); !unknown.empty() && it != pids_.end(); ++it) {
        if (it->scanned) {
            continue;
        }
        scan(*it, sources);
        for (std::uint64_t inode : it->sockets) {
            unknown.erase(inode);
        }
    }
    for (auto it = ownerless_.begin(); it != ownerless_.end();) {
        it = it->second == checks_ ? std::next(it) : ownerless_.erase(it);
    }
    for (std::uint64_t inode : unknown) {
        ownerless_.emplace(inode, checks_);
    }
    for (Known& known : pids_) {
        known.scanned = false;
    }
}

std::optional<std::uint32_t> SocketOwnerMap::ownerOf(std::uint64_t inode) const {
    auto it = owners_.find(inode);
    return it == owners_.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

}  // namespace sysmetrics
