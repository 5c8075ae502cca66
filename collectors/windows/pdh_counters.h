#pragma once

#include <windows.h>
#include <pdh.h>

#include <map>
#include <string>
#include <vector>

#include "base/windows/handles.h"

namespace sysmetrics::win {

struct PdhQueryTraits {
    using Type = PDH_HQUERY;
    static constexpr HandleKind kKind = HandleKind::pdh_query;
    static Type invalid() { return nullptr; }
    static bool isInvalid(Type h) { return h == nullptr; }
    static void close(Type h) { ::PdhCloseQuery(h); }
};
using UniquePdhQuery = UniqueHandle<PdhQueryTraits>;

// A PDH query opened once and reused across cycles. Counters are added by their English paths
// (PdhAddEnglishCounterW), so non-English Windows works. A counter this machine lacks is
// recorded once in notes() and skipped; the rest still work.
class PdhCounterSet {
public:
    struct Spec {
        std::string key;
        std::wstring path;
    };
    explicit PdhCounterSet(const std::vector<Spec>& specs);

    // Values of this cycle by key. A rate counter has no value on its first sample: it is simply
    // absent then, which is not an error.
    std::map<std::string, double> collect();

    const std::vector<std::string>& notes() const { return notes_; }
    std::size_t available() const { return counters_.size(); }

private:
    UniquePdhQuery query_;
    std::vector<std::pair<std::string, PDH_HCOUNTER>> counters_;
    std::vector<std::string> notes_;
};

}  // namespace sysmetrics::win
