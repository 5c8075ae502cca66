#include "collectors/linux/kept_stat_files.h"

#include <algorithm>

namespace sysmetrics {

void KeptStatFiles::beginCycle(bool keep, std::size_t max_kept) {
    cycle_++;
    keeping_ = keep && max_kept > 0;
    max_kept_ = max_kept;
    if (!keeping_) {
        kept_.clear();
    }
}

std::string_view KeptStatFiles::read(std::uint32_t pid, char* buffer, std::size_t size,
                                     int& error) {
    if (auto it = kept_.find(pid); it != kept_.end()) {
        const std::string_view text = readWhole(it->second.file.get(), buffer, size, error);
        if (error == 0) {
            it->second.read_cycle = cycle_;
            return text;
        }
        kept_.erase(it);  // gone, and the pid may be another process's now: open it afresh
    }
    UniqueFd file(proc_.open(pid, "stat", error));
    if (!file.ok()) {
        return {};
    }
    const std::string_view text = readWhole(file.get(), buffer, size, error);
    if (error == 0 && keeping_ && kept_.size() < max_kept_) {
        kept_.emplace(pid, Kept{std::move(file), cycle_});
    }
    return text;
}

void KeptStatFiles::endCycle() {
    for (auto it = kept_.begin(); it != kept_.end();) {
        it = it->second.read_cycle == cycle_ ? std::next(it) : kept_.erase(it);
    }
}

std::size_t KeptStatFiles::budgetForLimit(std::uint64_t soft_limit) {
    constexpr std::uint64_t kReserved = 1024;
    constexpr std::uint64_t kMost = 16384;
    return soft_limit <= kReserved
               ? 0
               : static_cast<std::size_t>(std::min(kMost, (soft_limit - kReserved) / 2));
}

}  // namespace sysmetrics
