#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace sysmetrics {

// Names of account SIDs ("S-1-5-18" -> "NT AUTHORITY\SYSTEM", localized as Windows names it),
// looked up once each. A failed lookup (a domain controller out of reach at boot) shows the SID
// for now and is tried again after `retry`, instead of keeping the SID as the name for good.
class AccountNames {
public:
    using Clock = std::chrono::steady_clock;
    using Lookup = std::function<std::optional<std::string>(const std::string& sid)>;

    explicit AccountNames(Lookup lookup, Clock::duration retry = std::chrono::minutes(5))
        : lookup_(std::move(lookup)), retry_(retry) {}

    std::string name(const std::string& sid, Clock::time_point now = Clock::now());

private:
    struct Entry {
        std::string name;
        bool resolved = false;
        Clock::time_point retry_at{};
    };
    Lookup lookup_;
    Clock::duration retry_;
    std::map<std::string, Entry> entries_;
};

}  // namespace sysmetrics
