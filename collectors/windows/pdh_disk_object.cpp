#include "collectors/windows/pdh_disk_object.h"

namespace sysmetrics::win {

PdhDiskObject::PdhDiskObject(std::string object, const std::vector<std::string>& counters)
    : raw_(std::move(object), counters) {
    const std::string& name = raw_.object();
    if (raw_.openStatus() != ERROR_SUCCESS) {
        fallback_notes_.push_back("PDH: PdhOpenQueryW failed (" + pdhStatusName(raw_.openStatus()) +
                                  "); reading IOCTL_DISK_PERFORMANCE");
        return;
    }
    for (const auto& [counter, status] : raw_.missing()) {
        pdh_notes_.push_back(raw_.path(counter) + ": not on this machine (" +
                             pdhStatusName(status) + "); its family is left out");
    }
    if (!raw_.available()) {
        fallback_notes_.push_back("PDH has no " + name +
                                  " object here; reading IOCTL_DISK_PERFORMANCE");
        return;
    }
    // The "Avg. Disk sec/..." counters share one time base; ask the first one present.
    for (const auto& counter : counters) {
        if (counter.rfind("Avg. Disk sec/", 0) != 0 || !raw_.has(counter)) {
            continue;
        }
        LONGLONG frequency = 0;
        const PDH_STATUS got = raw_.timeBase(counter, frequency);
        if (got == ERROR_SUCCESS && frequency > 0) {
            time_base_ = static_cast<double>(frequency);
        } else {
            pdh_notes_.push_back(raw_.path(counter) + ": PdhGetCounterTimeBase failed (" +
                                 pdhStatusName(got) + "); the latency families are left out");
        }
        break;
    }
    fallback_notes_.push_back("PDH lists no " + name +
                              " instance (disk counters disabled?); reading "
                              "IOCTL_DISK_PERFORMANCE");
}

std::map<std::string, std::vector<PdhRawSample>> PdhDiskObject::read(
    std::vector<std::string>& cycle_notes) {
    std::map<std::string, std::vector<PdhRawSample>> samples;
    for (const auto& [counter, array] : raw_.read(cycle_notes)) {
        auto& out = samples[counter];
        for (const auto& value : array.values) {
            out.push_back(PdhRawSample{value.instance, value.first});
        }
    }
    return samples;
}

}  // namespace sysmetrics::win
