#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sysmetrics {

// One CPU mode's value, labelled where it is produced: cumulative seconds in CoreTimes::seconds,
// a share of an interval in CpuUsage::percent. The modes are the platform's own (Windows user,
// privileged, idle, dpc, interrupt; Linux user, nice, system, idle, iowait, irq, softirq, steal),
// in the order its source gives them, which is the order of the output.
struct ModeValue {
    std::string mode;
    double value = 0;
};
using ModeValues = std::vector<ModeValue>;

// The value of `mode`; 0 where the list has no such mode.
double modeValue(const ModeValues& values, std::string_view mode);

std::vector<std::string> modeNames(const ModeValues& values);

// True when both lists have the same modes in the same order, so their values pair up.
bool sameModes(const ModeValues& a, const ModeValues& b);

// Adds each value of `more` to the same mode of `total`, appending the modes `total` lacks.
void addModeValues(ModeValues& total, const ModeValues& more);

}  // namespace sysmetrics
