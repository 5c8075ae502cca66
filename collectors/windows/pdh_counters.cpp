#include "collectors/windows/pdh_counters.h"

#include <pdhmsg.h>

#include <cstdio>

#include "base/windows/win_error.h"

namespace sysmetrics::win {

namespace {
std::string hex(PDH_STATUS status) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08lX", static_cast<unsigned long>(status));
    return text;
}

std::string statusName(PDH_STATUS status) {
    switch (static_cast<DWORD>(status)) {
        case PDH_CSTATUS_NO_COUNTER:
            return "PDH_CSTATUS_NO_COUNTER";
        case PDH_CSTATUS_NO_OBJECT:
            return "PDH_CSTATUS_NO_OBJECT";
        case PDH_CSTATUS_NO_INSTANCE:
            return "PDH_CSTATUS_NO_INSTANCE";
        case PDH_CSTATUS_BAD_COUNTERNAME:
            return "PDH_CSTATUS_BAD_COUNTERNAME";
        default:
            return hex(status);
    }
}
}  // namespace

PdhCounterSet::PdhCounterSet(const std::vector<Spec>& specs) {
    PDH_HQUERY raw = nullptr;
    const PDH_STATUS opened = ::PdhOpenQueryW(nullptr, 0, &raw);
    if (opened != ERROR_SUCCESS) {
        notes_.push_back("PDH unavailable: PdhOpenQueryW " + statusName(opened));
        return;
    }
    query_.reset(raw);
    for (const auto& spec : specs) {
        PDH_HCOUNTER counter = nullptr;
        const PDH_STATUS added =
            ::PdhAddEnglishCounterW(query_.get(), spec.path.c_str(), 0, &counter);
        if (added != ERROR_SUCCESS) {
            notes_.push_back("PDH counter " + toUtf8(spec.path.c_str()) + " unavailable (" +
                             statusName(added) + "); its metrics are not exported");
            continue;
        }
        counters_.emplace_back(spec.key, counter);
    }
}

std::map<std::string, double> PdhCounterSet::collect() {
    std::map<std::string, double> values;
    if (!query_ || counters_.empty() || ::PdhCollectQueryData(query_.get()) != ERROR_SUCCESS) {
        return values;
    }
    for (const auto& [key, counter] : counters_) {
        PDH_FMT_COUNTERVALUE value{};
        const PDH_STATUS status = ::PdhGetFormattedCounterValue(
            counter, PDH_FMT_DOUBLE | PDH_FMT_NOCAP100, nullptr, &value);
        if (status == ERROR_SUCCESS &&
            (value.CStatus == PDH_CSTATUS_VALID_DATA || value.CStatus == PDH_CSTATUS_NEW_DATA)) {
            values[key] = value.doubleValue;
        }
    }
    return values;
}

}  // namespace sysmetrics::win
