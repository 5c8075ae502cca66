#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "collectors/pdh_raw.h"
#include "collectors/windows/pdh_counters.h"

namespace sysmetrics::win {

// One PDH object read raw for every instance, as windows_exporter's pdh.Collector reads one: a
// query opened once, each counter added by its English name as "\Object(*)\Counter", and each
// cycle every counter's PdhGetRawCounterArrayW, keeping the items of valid status.
class PdhRawObject {
public:
    PdhRawObject(std::string object, const std::vector<std::string>& counters,
                 PdhQueryOpener open = &openPdhQuery);

    // A query with at least one counter.
    bool available() const { return query_ != nullptr; }
    const std::string& object() const { return object_; }
    // Why PdhOpenQueryW failed (ERROR_SUCCESS when it did not).
    PDH_STATUS openStatus() const { return open_status_; }
    // The counters this machine lacks, with PdhAddEnglishCounterW's answer, in the order asked.
    const std::vector<std::pair<std::string, PDH_STATUS>>& missing() const { return missing_; }
    // Whether `counter` was added.
    bool has(const std::string& counter) const;
    // "\Object(*)\Counter".
    std::string path(const std::string& counter) const;

    // PdhGetCounterTimeBase of a counter that was added.
    PDH_STATUS timeBase(const std::string& counter, LONGLONG& frequency);

    // This cycle's raw arrays by counter name, each with the counter's type (asked when added);
    // a counter whose array PDH cannot give this cycle is absent. Empty when the collection
    // fails, with the reason in `cycle_notes`.
    std::map<std::string, PdhRawArray> read(std::vector<std::string>& cycle_notes);

private:
    struct Counter {
        std::string name;
        std::size_t index = 0;
        std::optional<std::uint32_t> type;
    };
    const Counter* find(const std::string& counter) const;

    std::string object_;
    std::unique_ptr<PdhQuery> query_;
    PDH_STATUS open_status_ = ERROR_SUCCESS;
    std::vector<Counter> counters_;
    std::vector<std::pair<std::string, PDH_STATUS>> missing_;
};

}  // namespace sysmetrics::win
