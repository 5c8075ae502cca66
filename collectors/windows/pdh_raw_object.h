#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "collectors/pdh_raw.h"
#include "collectors/windows/pdh_counters.h"

namespace sysmetrics::win {

// Whether an object's counters are added for every instance ("\Object(*)\Counter") or, for an
// object without instances, by their plain path ("\Object\Counter").
enum class PdhInstances { every, none };

// One PDH object read raw, as windows_exporter's pdh.CounterTypeRaw collectors read one: a query
// opened once, each counter added by its English name, and each cycle every counter's raw values
// (PdhGetRawCounterArrayW, or PdhGetRawCounterValue for an object without instances), keeping
// the items of valid status. A counter this machine lacks is left out; the others still work.
// Every raw reader of a PDH object (disks, memory, cpu, time, pagefile) is one of these.
class PdhRawObject {
public:
    PdhRawObject(std::string object, const std::vector<std::string>& counters,
                 PdhInstances instances, PdhQueryOpener open = &openPdhQuery);

    // False when PDH opened no query or this machine has none of the counters.
    bool available() const { return query_ != nullptr; }
    const std::string& object() const { return object_; }
    // Why it is not available: "PDH: PdhOpenQueryW failed (...)" or "PDH has no Object object
    // here (...)"; "" when it is.
    const std::string& unavailable() const { return unavailable_; }
    // The counters PdhAddEnglishCounterW refused, with its answer, in the order asked.
    const std::vector<std::pair<std::string, PDH_STATUS>>& missing() const { return missing_; }
    // Those counters as notes while the others are there, "\Object(*)\Counter: not on this
    // machine (PDH_CSTATUS_NO_COUNTER)"; none when the object is not available.
    std::vector<std::string> absent() const;
    // Whether `counter` was added (this machine has it).
    bool has(const std::string& counter) const { return find(counter) != nullptr; }
    // The English path this object adds for `counter`.
    std::string path(const std::string& counter) const;

    // The added counters' types (PdhGetCounterInfoW), asked once when each was added.
    const PdhCounterTypes& types() const { return types_; }

    // PdhGetCounterTimeBase of one added counter, in ticks per second; none when PDH does not
    // say (the reason in `note`).
    std::optional<double> timeBase(const std::string& counter, std::string& note) const;

    // This cycle's raw samples by counter name (PDH_CSTATUS_VALID_DATA / NEW_DATA only; _Total
    // included); a counter PDH gives nothing for this cycle is absent. Empty when the collection
    // fails, with the reason in `cycle_notes`.
    PdhRawCounters read(std::vector<std::string>& cycle_notes);

private:
    struct Counter {
        std::string name;
        std::size_t index = 0;
    };
    const Counter* find(const std::string& counter) const;

    std::string object_;
    PdhInstances instances_;
    std::unique_ptr<PdhQuery> query_;
    std::vector<Counter> counters_;
    PdhCounterTypes types_;
    std::string unavailable_;
    std::vector<std::pair<std::string, PDH_STATUS>> missing_;
};

}  // namespace sysmetrics::win
