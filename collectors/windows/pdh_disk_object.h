#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collectors/disk_performance.h"
#include "collectors/section_source.h"
#include "collectors/windows/pdh_raw_object.h"

namespace sysmetrics::win {

// One of PDH's disk objects (PhysicalDisk, LogicalDisk) read raw for every instance, as
// windows_exporter reads it: one query opened once, the counters added by English name. The
// physical_disk and disks collectors read it and fall back to IOCTL_DISK_PERFORMANCE where it
// lists no instance.
class PdhDiskObject {
public:
    PdhDiskObject(std::string object, const std::vector<std::string>& counters);

    // False when PDH has no query or none of the counters: the caller falls back.
    bool available() const { return raw_.available(); }

    // This cycle's raw samples by counter name (PDH_CSTATUS_VALID_DATA / NEW_DATA only; _Total
    // included); empty when the collection fails, with the reason in `cycle_notes`.
    PdhRawCounters read(std::vector<std::string>& cycle_notes) { return raw_.read(cycle_notes); }

    // Ticks per second of the "Avg. Disk sec/..." numerators; none when PDH did not say.
    std::optional<double> timeBase() const { return time_base_; }

    // What this machine's object lacks while PDH is the source (counters left out).
    const std::vector<std::string>& pdhNotes() const { return pdh_notes_; }
    // Why the fallback is read, for when it is.
    const std::vector<std::string>& fallbackNotes() const { return fallback_notes_; }
    // A collector's notes after a cycle read from `source` ("pdh" or its fallback's): the PDH
    // notes name families left out only while PDH is the source; then the cycle's own notes.
    std::vector<std::string> notesFor(const std::string& source,
                                      const std::vector<std::string>& cycle_notes) const {
        return joinNotes(source == "pdh" ? pdh_notes_ : fallback_notes_, cycle_notes);
    }

private:
    PdhRawObject raw_;
    std::optional<double> time_base_;
    std::vector<std::string> pdh_notes_, fallback_notes_;
};

}  // namespace sysmetrics::win
