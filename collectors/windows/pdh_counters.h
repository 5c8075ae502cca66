#pragma once

#include <windows.h>
#include <pdh.h>

#include <map>
#include <memory>
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

// PDH's name for a status code ("PDH_CSTATUS_NO_OBJECT"), or its hex value.
std::string pdhStatusName(PDH_STATUS status);

// One value of a counter for one instance, as PdhGet*CounterArrayW return them (or the single
// value of a counter path without a wildcard, whose `instance` is then "").
struct PdhItem {
    std::wstring instance;
    DWORD cstatus = 0;     // PDH_CSTATUS_VALID_DATA, PDH_CSTATUS_NEW_DATA, ...
    LONGLONG first = 0;    // raw: PDH_RAW_COUNTER.FirstValue
    LONGLONG second = 0;   // raw: PDH_RAW_COUNTER.SecondValue
    double formatted = 0;  // formatted: PDH_FMT_DOUBLE | PDH_FMT_NOCAP100
};

// The items of the arrays PdhGetRawCounterArrayW and PdhGetFormattedCounterArrayW fill (the
// names point into the same buffer), as PdhItems. Formatted items were asked for with
// PDH_FMT_DOUBLE, so their value is the union's doubleValue.
void appendRawItems(const PDH_RAW_COUNTER_ITEM_W* data, DWORD count, std::vector<PdhItem>& out);
void appendFormattedItems(const PDH_FMT_COUNTERVALUE_ITEM_W* data, DWORD count,
                          std::vector<PdhItem>& out);

// The seam between our performance-counter logic and PDH: one query and the counters added to
// it, by index. The real one (openPdhQuery) calls PDH; tests put a fake in its place to drive
// instance expansion, naming and error paths that Wine's few counters cannot produce.
class PdhQuery {
public:
    virtual ~PdhQuery() = default;
    // Adds `english_path`; on success `index` names the counter in the calls below.
    virtual PDH_STATUS add(const std::wstring& english_path, std::size_t& index) = 0;
    // PdhGetCounterInfoW's dwType (PERF_COUNTER_COUNTER, PERF_COUNTER_RAWCOUNT, ...).
    virtual PDH_STATUS counterType(std::size_t index, DWORD& type) = 0;
    // PdhGetCounterTimeBase: ticks per second of the counter's raw timer values.
    virtual PDH_STATUS timeBase(std::size_t index, LONGLONG& frequency) {
        (void)index;
        (void)frequency;
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
    virtual PDH_STATUS collect() = 0;
    virtual PDH_STATUS raw(std::size_t index, bool wildcard, std::vector<PdhItem>& items) = 0;
    virtual PDH_STATUS formatted(std::size_t index, bool wildcard, std::vector<PdhItem>& items) = 0;
};

using PdhQueryOpener = std::unique_ptr<PdhQuery> (*)(PDH_STATUS& status);

// A real PDH query (PdhOpenQueryW); null with `status` set when PDH cannot open one.
std::unique_ptr<PdhQuery> openPdhQuery(PDH_STATUS& status);

}  // namespace sysmetrics::win
