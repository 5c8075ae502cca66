#include "collectors/windows/pdh_disk_object.h"

namespace sysmetrics::win {

PdhDiskObject::PdhDiskObject(std::string object, const std::vector<std::string>& counters)
    : raw_(object, counters, PdhInstances::every) {
    if (!raw_.available()) {
        fallback_notes_.push_back(raw_.unavailable() + "; reading IOCTL_DISK_PERFORMANCE");
        return;
    }
    for (const auto& absent : raw_.absent()) {
        pdh_notes_.push_back(absent + "; its family is left out");
    }
    // The "Avg. Disk sec/..." counters share one time base; ask the first one present.
    for (const auto& name : counters) {
        if (name.rfind("Avg. Disk sec/", 0) != 0 || !raw_.has(name)) {
            continue;
        }
        std::string note;
        time_base_ = raw_.timeBase(name, note);
        if (!time_base_) {
            pdh_notes_.push_back(note + "; the latency families are left out");
        }
        break;
    }
    fallback_notes_.push_back("PDH lists no " + object +
                              " instance (disk counters disabled?); reading "
                              "IOCTL_DISK_PERFORMANCE");
}

}  // namespace sysmetrics::win
