#pragma once

#include <string>
#include <vector>

#include "collectors/history.h"
#include "collectors/section.h"

namespace sysmetrics {

// One series the history keeps: what a dashboard asks for by name.
struct HistorySeriesInfo {
    std::string name;       // "cpu.busy_percent"
    std::string collector;  // whose collections feed it
    std::string unit;       // "percent", "bytes", "bytes/s", "1/s", "count"
    std::string item;       // what an item is ("core", "interface", "volume"); "" if none
    std::string description;
};

// Every series the history keeps, in a stable order.
const std::vector<HistorySeriesInfo>& historySeriesCatalog();

// Null when no series has this name.
const HistorySeriesInfo* findHistorySeries(const std::string& name);

// Records the points `section`, just published by collector `collector`, adds to the history,
// at its collection time. Sections the history does not follow add nothing.
void recordHistory(History& history, const std::string& collector, const Section& section);

}  // namespace sysmetrics
