#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "collectors/cpu.h"
#include "collectors/cpu_groups.h"
#include "collectors/cpu_pdh.h"
#include "collectors/windows/pdh_raw_object.h"

namespace sysmetrics::win {

// The cpu collector's part that follows windows_exporter's view of the processors: the cores
// named as PDH's "Processor Information" object names its instances ("<NUMA node>,<index>", from
// GetLogicalProcessorInformationEx), and that object's counters no NT call gives, read raw once a
// cycle. The NT-sourced families never depend on it.
class ProcessorInformationProbe {
public:
    explicit ProcessorInformationProbe(PdhQueryOpener open = &openPdhQuery);

    // Renames the cores, keyed windowsCoreLabel(group, number) while the NT readings are joined,
    // to "<node>,<index>"; they keep their group labels (with a note) where the NUMA layout is
    // unknown.
    void nameCores(std::vector<CoreTimes>& cores);

    // Reads the PDH counters and attaches each instance's values to the core of that name.
    void read(std::vector<CoreTimes>& cores);

    // What this machine lacks (fixed after construction), then this cycle's notes.
    std::vector<std::string> notes() const;

private:
    void readLabels();

    PdhRawObject pdh_;
    ProcessorInformationReader reader_;
    std::map<std::string, std::string> labels_;
    std::vector<std::string> setup_notes_, label_notes_, cycle_notes_;
};

// GetLogicalProcessorInformationEx for one relationship (or RelationAll): the raw buffer of
// records, read by parseLogicalProcessorInformationEx (collectors/cpu_groups.h).
Result<std::vector<std::uint8_t>> logicalProcessorInformation(ProcessorRelation relationship);

}  // namespace sysmetrics::win
