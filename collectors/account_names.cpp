#include "collectors/account_names.h"

namespace sysmetrics {

std::string AccountNames::name(const std::string& sid, Clock::time_point now) {
    auto it = entries_.find(sid);
    if (it != entries_.end() && (it->second.resolved || now < it->second.retry_at)) {
        return it->second.name;
    }
    Entry entry;
    if (auto found = lookup_(sid)) {
        entry.name = *found;
        entry.resolved = true;
    } else {
        entry.name = sid;  // a deleted account, or no answer yet
        entry.retry_at = now + retry_;
    }
    return (entries_[sid] = entry).name;
}

}  // namespace sysmetrics
