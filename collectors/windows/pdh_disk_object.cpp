#include "collectors/windows/pdh_disk_object.h"

#include <pdhmsg.h>

#include "base/windows/win_error.h"

namespace sysmetrics::win {

PdhDiskObject::PdhDiskObject(std::string object, const std::vector<std::string>& counters)
    : object_(std::move(object)) {
    PDH_STATUS status = 0;
    query_ = openPdhQuery(status);
    if (!query_) {
        fallback_notes_.push_back("PDH: PdhOpenQueryW failed (" + pdhStatusName(status) +
                                  "); reading IOCTL_DISK_PERFORMANCE");
        return;
    }
    const std::string prefix = "\\" + object_ + "(*)\\";
    for (const auto& name : counters) {
        Counter counter{name, 0};
        const PDH_STATUS added = query_->add(toWide(prefix + name), counter.index);
        if (added == ERROR_SUCCESS) {
            counters_.push_back(counter);
        } else {
            pdh_notes_.push_back(prefix + name + ": not on this machine (" + pdhStatusName(added) +
                                 "); its family is left out");
        }
    }
    if (counters_.empty()) {
        query_.reset();
        fallback_notes_.push_back("PDH has no " + object_ +
                                  " object here; reading IOCTL_DISK_PERFORMANCE");
        return;
    }
    // The "Avg. Disk sec/..." counters share one time base; ask the first one present.
    for (const auto& counter : counters_) {
        if (counter.name.rfind("Avg. Disk sec/", 0) != 0) {
            continue;
        }
        LONGLONG frequency = 0;
        const PDH_STATUS got = query_->timeBase(counter.index, frequency);
        if (got == ERROR_SUCCESS && frequency > 0) {
            time_base_ = static_cast<double>(frequency);
        } else {
            pdh_notes_.push_back(prefix + counter.name + ": PdhGetCounterTimeBase failed (" +
                                 pdhStatusName(got) + "); the latency families are left out");
        }
        break;
    }
    fallback_notes_.push_back("PDH lists no " + object_ +
                              " instance (disk counters disabled?); reading "
                              "IOCTL_DISK_PERFORMANCE");
}

std::map<std::string, std::vector<PdhRawSample>> PdhDiskObject::read(
    std::vector<std::string>& cycle_notes) {
    std::map<std::string, std::vector<PdhRawSample>> samples;
    if (!query_) {
        return samples;
    }
    const PDH_STATUS collected = query_->collect();
    if (collected != ERROR_SUCCESS) {
        cycle_notes.push_back("PdhCollectQueryData failed (" + pdhStatusName(collected) + ")");
        return samples;
    }
    std::vector<PdhItem> items;
    for (const auto& counter : counters_) {
        if (query_->raw(counter.index, true, items) != ERROR_SUCCESS) {
            continue;  // no instances this cycle
        }
        auto& out = samples[counter.name];
        for (const auto& item : items) {
            if (item.cstatus == PDH_CSTATUS_VALID_DATA || item.cstatus == PDH_CSTATUS_NEW_DATA) {
                out.push_back(PdhRawSample{toUtf8(item.instance.c_str()), item.first});
            }
        }
    }
    return samples;
}

}  // namespace sysmetrics::win
