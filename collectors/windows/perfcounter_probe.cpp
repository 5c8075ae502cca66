#include "collectors/windows/perfcounter_probe.h"

#include <pdhmsg.h>
#include <winperf.h>

#include <map>

#include "base/clock.h"
#include "base/nt_time.h"
#include "base/windows/win_error.h"

namespace sysmetrics::win {

namespace {

bool validData(DWORD cstatus) {
    return cstatus == PDH_CSTATUS_VALID_DATA || cstatus == PDH_CSTATUS_NEW_DATA;
}

std::string describeMissing(const std::string& where, const PerfObjectSpec& object,
                            const std::string& counter, PDH_STATUS status) {
    const std::string code = pdhStatusName(status);
    if (static_cast<DWORD>(status) == PDH_CSTATUS_NO_OBJECT) {
        return where + ": performance counter object '" + object.object +
               "' does not exist on this machine (" + code + ")";
    }
    if (static_cast<DWORD>(status) == PDH_CSTATUS_NO_COUNTER) {
        return where + ": counter '" + counter + "' of object '" + object.object +
               "' does not exist on this machine (" + code + ")";
    }
    return where + ": counter '" + counter + "' of object '" + object.object +
           "' cannot be added (" + code + ")";
}

}  // namespace

PerfExport perfExportFor(DWORD type, bool formatted_requested) {
    if (formatted_requested) {
        return {false, 1};
    }
    const bool counter_type = (type & 0x00000C00) == PERF_TYPE_COUNTER;
    const bool rate = counter_type && (type & 0x000F0000) == PERF_COUNTER_RATE &&
                      (type & PERF_INVERSE_COUNTER) == 0;
    if (!rate) {
        return {false, 1};
    }
    if ((type & 0x00300000) == PERF_TIMER_100NS) {
        return {true, kSecondsPerTick};
    }
    if ((type & 0xF0000000) == PERF_DISPLAY_PER_SEC) {
        return {true, 1};
    }
    return {false, 1};
}

std::wstring perfCounterPath(const PerfObjectSpec& object, const std::string& instance,
                             const std::string& counter) {
    std::wstring path = L"\\" + toWide(object.object);
    if (!instance.empty()) {
        path += L"(" + toWide(instance) + L")";
    }
    return path + L"\\" + toWide(counter);
}

PerfCounterCollector::PerfCounterCollector(const PerfObjectSpecs& objects, PdhQueryOpener open) {
    for (const PerfObjectSpec& settings : objects) {
        Object object{settings, nullptr, {}};
        PDH_STATUS status = ERROR_SUCCESS;
        object.query = open(status);
        if (!object.query) {
            setup_notes_.push_back("object '" + settings.object + "': PdhOpenQueryW failed (" +
                                   pdhStatusName(status) + ")");
            continue;
        }
        const std::vector<std::string> instances =
            settings.instances.empty() ? std::vector<std::string>{""} : settings.instances;
        for (const auto& counter : settings.counters) {
            for (const auto& instance : instances) {
                Slot slot;
                slot.instance = instance;
                slot.wildcard = instance.find('*') != std::string::npos;
                slot.path = perfCounterPath(settings, instance, counter.name);
                slot.path_text = toUtf8(slot.path.c_str());
                status = object.query->add(slot.path, slot.index);
                if (status != ERROR_SUCCESS) {
                    setup_notes_.push_back(
                        describeMissing(slot.path_text, settings, counter.name, status) +
                        "; its metric is not exported");
                    continue;
                }
                DWORD type = 0;
                const bool typed = object.query->counterType(slot.index, type) == ERROR_SUCCESS;
                const PerfExport how = perfExportFor(typed ? type : 0, settings.formatted);
                slot.use_raw = how.use_raw;
                slot.raw_scale = how.raw_scale;
                slot.as_counter = counter.as_counter.value_or(how.use_raw);
                slot.metric = slot.as_counter ? counter.counter_metric : counter.gauge_metric;
                object.slots.push_back(std::move(slot));
            }
        }
        objects_.push_back(std::move(object));
    }
}

std::vector<std::string> PerfCounterCollector::notes() const {
    std::vector<std::string> notes = setup_notes_;
    notes.insert(notes.end(), cycle_notes_.begin(), cycle_notes_.end());
    return notes;
}

Result<SectionPtr> PerfCounterCollector::collect() {
    auto section = std::make_shared<PerformanceCounterSection>();
    std::vector<std::string> notes;
    std::vector<PdhItem> items;
    for (auto& object : objects_) {
        if (object.slots.empty()) {
            continue;
        }
        const PDH_STATUS collected = object.query->collect();
        if (collected != ERROR_SUCCESS) {
            notes.push_back("object '" + object.spec.object + "': PdhCollectQueryData failed (" +
                            pdhStatusName(collected) + ")");
            continue;
        }
        for (const auto& slot : object.slots) {
            const PDH_STATUS status =
                slot.use_raw ? object.query->raw(slot.index, slot.wildcard, items)
                             : object.query->formatted(slot.index, slot.wildcard, items);
            if (status != ERROR_SUCCESS) {
                // A counter whose instance went away, or a rate counter's first sample.
                const DWORD code = static_cast<DWORD>(status);
                if (slot.use_raw ||
                    (code != PDH_INVALID_DATA && code != PDH_CSTATUS_INVALID_DATA)) {
                    notes.push_back(slot.path_text + ": no value this cycle (" +
                                    pdhStatusName(status) + ")");
                }
                continue;
            }
            std::map<std::wstring, int> seen;  // PDH repeats names such as svchost: #1, #2...
            for (const auto& item : items) {
                if (!validData(item.cstatus)) {
                    continue;
                }
                PerfCounterValue value;
                value.metric = slot.metric;
                value.is_counter = slot.as_counter;
                value.value = slot.use_raw ? static_cast<double>(item.first) * slot.raw_scale
                                           : item.formatted;
                if (!object.spec.instances.empty()) {
                    std::string instance = slot.instance;
                    if (slot.wildcard) {
                        const int repeat = seen[item.instance]++;
                        instance = toUtf8(item.instance.c_str()) +
                                   (repeat > 0 ? "#" + std::to_string(repeat) : "");
                    }
                    value.labels.emplace_back("instance", std::move(instance));
                }
                value.labels.insert(value.labels.end(), object.spec.labels.begin(),
                                    object.spec.labels.end());
                section->values.push_back(std::move(value));
            }
        }
    }
    cycle_notes_ = std::move(notes);
    section->collected_at = wallSeconds();
    return SectionPtr(std::move(section));
}

ConfigStatus checkPerfCounters(const PerfObjectSpecs& objects, PdhQueryOpener open) {
    for (std::size_t o = 0; o < objects.size(); o++) {
        const PerfObjectSpec& object = objects[o];
        const std::string where =
            "collectors.performancecounter.objects[" + std::to_string(o) + "]";
        PDH_STATUS status = ERROR_SUCCESS;
        auto query = open(status);
        if (!query) {
            return ConfigError{where + ": PdhOpenQueryW failed (" + pdhStatusName(status) + ")"};
        }
        // Instances come and go; the object and its counters must exist now.
        const std::string instance = object.instances.empty() ? "" : "*";
        for (const auto& counter : object.counters) {
            std::size_t index = 0;
            status = query->add(perfCounterPath(object, instance, counter.name), index);
            if (status != ERROR_SUCCESS) {
                return ConfigError{describeMissing(where, object, counter.name, status)};
            }
        }
    }
    return {};
}

}  // namespace sysmetrics::win

namespace sysmetrics {

std::shared_ptr<Collector> makePerfCounterCollector(const PerfObjectSpecs& objects) {
    return std::make_shared<win::PerfCounterCollector>(objects, &win::openPdhQuery);
}

ConfigStatus checkPerformanceCounters(const PerfObjectSpecs& objects) {
    return win::checkPerfCounters(objects, &win::openPdhQuery);
}

}  // namespace sysmetrics
