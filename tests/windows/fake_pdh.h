#pragma once

// A fake PdhQuery for tests: PDH answers, by English counter path, that Wine's few counters
// cannot give (instances, counter types, error paths). Shared by the probe tests of
// collectors/windows that take a PdhQueryOpener.
#include <windows.h>
#include <pdhmsg.h>
#include <winperf.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "collectors/windows/pdh_counters.h"

namespace sysmetrics::win {

// What the fake PDH answers, by English counter path. `cycles[n]` is the answer of collection n
// (the last one repeats).
struct FakeCounter {
    PDH_STATUS add_status = ERROR_SUCCESS;
    DWORD type = PERF_COUNTER_RAWCOUNT;
    std::vector<std::vector<PdhItem>> cycles;
    PDH_STATUS read_status = ERROR_SUCCESS;
};

inline std::map<std::wstring, FakeCounter> g_fake;
inline PDH_STATUS g_collect_status = ERROR_SUCCESS;
inline std::vector<std::wstring> g_added;

class FakeQuery : public PdhQuery {
public:
    PDH_STATUS add(const std::wstring& path, std::size_t& index) override {
        g_added.push_back(path);
        auto it = g_fake.find(path);
        if (it == g_fake.end()) {
            return static_cast<PDH_STATUS>(PDH_CSTATUS_NO_OBJECT);
        }
        if (it->second.add_status != ERROR_SUCCESS) {
            return it->second.add_status;
        }
        index = paths_.size();
        paths_.push_back(path);
        return ERROR_SUCCESS;
    }
    PDH_STATUS counterType(std::size_t index, DWORD& type) override {
        type = g_fake[paths_[index]].type;
        return ERROR_SUCCESS;
    }
    PDH_STATUS collect() override {
        cycle_++;
        return g_collect_status;
    }
    PDH_STATUS raw(std::size_t index, bool, std::vector<PdhItem>& items) override {
        return answer(index, items);
    }
    PDH_STATUS formatted(std::size_t index, bool, std::vector<PdhItem>& items) override {
        return answer(index, items);
    }

private:
    PDH_STATUS answer(std::size_t index, std::vector<PdhItem>& items) {
        const FakeCounter& counter = g_fake[paths_[index]];
        if (counter.read_status != ERROR_SUCCESS) {
            return counter.read_status;
        }
        items = counter.cycles[std::min<std::size_t>(cycle_ - 1, counter.cycles.size() - 1)];
        return ERROR_SUCCESS;
    }
    std::vector<std::wstring> paths_;
    std::size_t cycle_ = 0;
};

// One valid value of one instance.
inline PdhItem item(const wchar_t* instance, LONGLONG first, double formatted) {
    return PdhItem{instance, PDH_CSTATUS_VALID_DATA, first, 0, formatted};
}

inline std::unique_ptr<PdhQuery> openFake(PDH_STATUS& status) {
    status = ERROR_SUCCESS;
    return std::make_unique<FakeQuery>();
}

}  // namespace sysmetrics::win
