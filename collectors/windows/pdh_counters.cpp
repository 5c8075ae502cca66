#include "collectors/windows/pdh_counters.h"

#include <pdhmsg.h>

#include <algorithm>
#include <cstdio>

#include "base/windows/win_error.h"

namespace sysmetrics::win {

namespace {
std::string hex(PDH_STATUS status) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08lX", static_cast<unsigned long>(status));
    return text;
}

}  // namespace

std::string pdhStatusName(PDH_STATUS status) {
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

namespace {

// Calls a PdhGet*CounterArrayW twice (size, then data), again while the array grows.
template <typename Item, typename Call>
PDH_STATUS readArray(Call call, std::vector<unsigned char>& buffer, DWORD& count) {
    for (int attempt = 0; attempt < 4; attempt++) {
        DWORD size = static_cast<DWORD>(buffer.size());
        count = 0;
        const PDH_STATUS status =
            call(&size, &count, buffer.empty() ? nullptr : reinterpret_cast<Item*>(buffer.data()));
        if (status != static_cast<PDH_STATUS>(PDH_MORE_DATA)) {
            return status;
        }
        buffer.assign(static_cast<std::size_t>(size) + sizeof(Item), 0);
    }
    return static_cast<PDH_STATUS>(PDH_MORE_DATA);
}

}  // namespace

void appendRawItems(const PDH_RAW_COUNTER_ITEM_W* data, DWORD count, std::vector<PdhItem>& out) {
    for (DWORD i = 0; i < count; i++) {
        out.push_back(PdhItem{data[i].szName ? data[i].szName : L"", data[i].RawValue.CStatus,
                              data[i].RawValue.FirstValue, data[i].RawValue.SecondValue, 0});
    }
}

void appendFormattedItems(const PDH_FMT_COUNTERVALUE_ITEM_W* data, DWORD count,
                          std::vector<PdhItem>& out) {
    for (DWORD i = 0; i < count; i++) {
        out.push_back(PdhItem{data[i].szName ? data[i].szName : L"", data[i].FmtValue.CStatus, 0, 0,
                              data[i].FmtValue.doubleValue});
    }
}

namespace {

class SystemPdhQuery : public PdhQuery {
public:
    explicit SystemPdhQuery(PDH_HQUERY query) : query_(query) {}

    PDH_STATUS add(const std::wstring& english_path, std::size_t& index) override {
        PDH_HCOUNTER counter = nullptr;
        const PDH_STATUS status =
            ::PdhAddEnglishCounterW(query_.get(), english_path.c_str(), 0, &counter);
        if (status == ERROR_SUCCESS) {
            index = counters_.size();
            counters_.push_back(counter);
        }
        return status;
    }

    PDH_STATUS counterType(std::size_t index, DWORD& type) override {
        DWORD size = 0;
        PDH_STATUS status = ::PdhGetCounterInfoW(counters_[index], FALSE, &size, nullptr);
        if (status != static_cast<PDH_STATUS>(PDH_MORE_DATA) && status != ERROR_SUCCESS) {
            return status;
        }
        std::vector<unsigned char> buffer(std::max<DWORD>(size, sizeof(PDH_COUNTER_INFO_W)));
        size = static_cast<DWORD>(buffer.size());
        auto* info = reinterpret_cast<PDH_COUNTER_INFO_W*>(buffer.data());
        status = ::PdhGetCounterInfoW(counters_[index], FALSE, &size, info);
        if (status == ERROR_SUCCESS) {
            type = info->dwType;
        }
        return status;
    }

    PDH_STATUS timeBase(std::size_t index, LONGLONG& frequency) override {
        return ::PdhGetCounterTimeBase(counters_[index], &frequency);
    }

    PDH_STATUS collect() override { return ::PdhCollectQueryData(query_.get()); }

    PDH_STATUS raw(std::size_t index, bool wildcard, std::vector<PdhItem>& items) override {
        items.clear();
        const PDH_HCOUNTER counter = counters_[index];
        if (!wildcard) {
            PDH_RAW_COUNTER value{};
            const PDH_STATUS status = ::PdhGetRawCounterValue(counter, nullptr, &value);
            if (status == ERROR_SUCCESS) {
                items.push_back(
                    PdhItem{L"", value.CStatus, value.FirstValue, value.SecondValue, 0});
            }
            return status;
        }
        DWORD count = 0;
        const PDH_STATUS status = readArray<PDH_RAW_COUNTER_ITEM_W>(
            [&](DWORD* size, DWORD* n, PDH_RAW_COUNTER_ITEM_W* data) {
                return ::PdhGetRawCounterArrayW(counter, size, n, data);
            },
            buffer_, count);
        if (status != ERROR_SUCCESS) {
            return status;
        }
        appendRawItems(reinterpret_cast<const PDH_RAW_COUNTER_ITEM_W*>(buffer_.data()), count,
                       items);
        return status;
    }

    PDH_STATUS formatted(std::size_t index, bool wildcard, std::vector<PdhItem>& items) override {
        items.clear();
        const PDH_HCOUNTER counter = counters_[index];
        const DWORD format = PDH_FMT_DOUBLE | PDH_FMT_NOCAP100;
        if (!wildcard) {
            PDH_FMT_COUNTERVALUE value{};
            const PDH_STATUS status =
                ::PdhGetFormattedCounterValue(counter, format, nullptr, &value);
            if (status == ERROR_SUCCESS) {
                items.push_back(PdhItem{L"", value.CStatus, 0, 0, value.doubleValue});
            }
            return status;
        }
        DWORD count = 0;
        const PDH_STATUS status = readArray<PDH_FMT_COUNTERVALUE_ITEM_W>(
            [&](DWORD* size, DWORD* n, PDH_FMT_COUNTERVALUE_ITEM_W* data) {
                return ::PdhGetFormattedCounterArrayW(counter, format, size, n, data);
            },
            buffer_, count);
        if (status != ERROR_SUCCESS) {
            return status;
        }
        appendFormattedItems(reinterpret_cast<const PDH_FMT_COUNTERVALUE_ITEM_W*>(buffer_.data()),
                             count, items);
        return status;
    }

private:
    UniquePdhQuery query_;
    std::vector<PDH_HCOUNTER> counters_;
    std::vector<unsigned char> buffer_;
};

}  // namespace

std::unique_ptr<PdhQuery> openPdhQuery(PDH_STATUS& status) {
    PDH_HQUERY raw = nullptr;
    status = ::PdhOpenQueryW(nullptr, 0, &raw);
    if (status != ERROR_SUCCESS) {
        return nullptr;
    }
    return std::make_unique<SystemPdhQuery>(raw);
}

PdhCounterSet::PdhCounterSet(const std::vector<Spec>& specs) {
    PDH_HQUERY raw = nullptr;
    const PDH_STATUS opened = ::PdhOpenQueryW(nullptr, 0, &raw);
    if (opened != ERROR_SUCCESS) {
        notes_.push_back("PDH unavailable: PdhOpenQueryW " + pdhStatusName(opened));
        return;
    }
    query_.reset(raw);
    for (const auto& spec : specs) {
        PDH_HCOUNTER counter = nullptr;
        const PDH_STATUS added =
            ::PdhAddEnglishCounterW(query_.get(), spec.path.c_str(), 0, &counter);
        if (added != ERROR_SUCCESS) {
            notes_.push_back("PDH counter " + toUtf8(spec.path.c_str()) + " unavailable (" +
                             pdhStatusName(added) + "); its metrics are not exported");
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
