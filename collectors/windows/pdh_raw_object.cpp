#include "collectors/windows/pdh_raw_object.h"

#include <pdhmsg.h>

#include "base/windows/win_error.h"

namespace sysmetrics::win {

PdhRawObject::PdhRawObject(std::string object, const std::vector<std::string>& counters,
                           PdhQueryOpener open)
    : object_(std::move(object)) {
    query_ = open(open_status_);
    if (!query_) {
        return;
    }
    for (const auto& name : counters) {
        Counter counter{name, 0, std::nullopt};
        const PDH_STATUS added = query_->add(toWide(path(name)), counter.index);
        if (added == ERROR_SUCCESS) {
            DWORD type = 0;
            if (query_->counterType(counter.index, type) == ERROR_SUCCESS) {
                counter.type = type;
            }
            counters_.push_back(counter);
        } else {
            missing_.emplace_back(name, added);
        }
    }
    if (counters_.empty()) {
        query_.reset();
    }
}

std::string PdhRawObject::path(const std::string& counter) const {
    return "\\" + object_ + "(*)\\" + counter;
}

const PdhRawObject::Counter* PdhRawObject::find(const std::string& counter) const {
    for (const auto& c : counters_) {
        if (c.name == counter) {
            return &c;
        }
    }
    return nullptr;
}

bool PdhRawObject::has(const std::string& counter) const {
    return find(counter) != nullptr;
}

PDH_STATUS PdhRawObject::timeBase(const std::string& counter, LONGLONG& frequency) {
    const Counter* c = find(counter);
    return c ? query_->timeBase(c->index, frequency)
             : static_cast<PDH_STATUS>(PDH_CSTATUS_NO_COUNTER);
}

std::map<std::string, PdhRawArray> PdhRawObject::read(std::vector<std::string>& cycle_notes) {
    std::map<std::string, PdhRawArray> arrays;
    if (!query_) {
        return arrays;
    }
    const PDH_STATUS collected = query_->collect();
    if (collected != ERROR_SUCCESS) {
        cycle_notes.push_back("PdhCollectQueryData failed (" + pdhStatusName(collected) + ")");
        return arrays;
    }
    std::vector<PdhItem> items;
    for (const auto& counter : counters_) {
        if (query_->raw(counter.index, true, items) != ERROR_SUCCESS) {
            continue;  // no instances this cycle
        }
        PdhRawArray& array = arrays[counter.name];
        array.type = counter.type;
        for (const auto& item : items) {
            if (item.cstatus == PDH_CSTATUS_VALID_DATA || item.cstatus == PDH_CSTATUS_NEW_DATA) {
                array.values.push_back(
                    PdhRawValue{toUtf8(item.instance.c_str()), item.first, item.second});
            }
        }
    }
    return arrays;
}

}  // namespace sysmetrics::win
