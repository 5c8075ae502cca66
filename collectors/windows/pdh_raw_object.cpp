#include "collectors/windows/pdh_raw_object.h"

#include <pdhmsg.h>

#include "base/windows/win_error.h"

namespace sysmetrics::win {

namespace {

std::string notOnThisMachine(const std::string& path, PDH_STATUS status) {
    return path + ": not on this machine (" + pdhStatusName(status) + ")";
}

}  // namespace

PdhRawObject::PdhRawObject(std::string object, const std::vector<std::string>& counters,
                           PdhInstances instances, PdhQueryOpener open)
    : object_(std::move(object)), instances_(instances) {
    PDH_STATUS status = 0;
    query_ = open(status);
    if (!query_) {
        unavailable_ = "PDH: PdhOpenQueryW failed (" + pdhStatusName(status) + ")";
        return;
    }
    for (const auto& name : counters) {
        Counter counter{name, 0};
        const PDH_STATUS added = query_->add(toWide(path(name)), counter.index);
        if (added != ERROR_SUCCESS) {
            missing_.emplace_back(name, added);
            continue;
        }
        DWORD type = 0;
        if (query_->counterType(counter.index, type) == ERROR_SUCCESS) {
            types_[name] = type;
        }
        counters_.push_back(counter);
    }
    if (counters_.empty()) {
        query_.reset();
        const PDH_STATUS why = missing_.empty() ? static_cast<PDH_STATUS>(PDH_CSTATUS_NO_COUNTER)
                                                : missing_.front().second;
        unavailable_ = "PDH has no " + object_ + " object here (" + pdhStatusName(why) + ")";
    }
}

std::string PdhRawObject::path(const std::string& counter) const {
    return "\\" + object_ + (instances_ == PdhInstances::every ? "(*)\\" : "\\") + counter;
}

std::vector<std::string> PdhRawObject::absent() const {
    std::vector<std::string> notes;
    if (available()) {
        for (const auto& [name, status] : missing_) {
            notes.push_back(notOnThisMachine(path(name), status));
        }
    }
    return notes;
}

PdhRawCounters PdhRawObject::read(std::vector<std::string>& cycle_notes) {
    PdhRawCounters samples;
    if (!query_) {
        return samples;
    }
    const PDH_STATUS collected = query_->collect();
    if (collected != ERROR_SUCCESS) {
        cycle_notes.push_back("\\" + object_ + ": PdhCollectQueryData failed (" +
                              pdhStatusName(collected) + ")");
        return samples;
    }
    const bool every_instance = instances_ == PdhInstances::every;
    std::vector<PdhItem> items;
    for (const auto& counter : counters_) {
        if (query_->raw(counter.index, every_instance, items) != ERROR_SUCCESS) {
            continue;  // no instances this cycle
        }
        auto& out = samples[counter.name];
        for (const auto& item : items) {
            if (item.cstatus == PDH_CSTATUS_VALID_DATA || item.cstatus == PDH_CSTATUS_NEW_DATA) {
                out.push_back(PdhRawSample{toUtf8(item.instance.c_str()), item.first, item.second});
            }
        }
    }
    return samples;
}

const PdhRawObject::Counter* PdhRawObject::find(const std::string& counter) const {
    for (const auto& c : counters_) {
        if (c.name == counter) {
            return &c;
        }
    }
    return nullptr;
}

std::optional<double> PdhRawObject::timeBase(const std::string& counter, std::string& note) const {
    const Counter* c = find(counter);
    if (!c) {
        note = path(counter) + ": not on this machine";
        return std::nullopt;
    }
    LONGLONG frequency = 0;
    const PDH_STATUS got = query_->timeBase(c->index, frequency);
    if (got == ERROR_SUCCESS && frequency > 0) {
        return static_cast<double>(frequency);
    }
    note = path(counter) + ": PdhGetCounterTimeBase failed (" + pdhStatusName(got) + ")";
    return std::nullopt;
}

}  // namespace sysmetrics::win
