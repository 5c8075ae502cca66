#include "collectors/cpu_pdh.h"

#include "base/nt_time.h"

namespace sysmetrics {

namespace {

bool endsWithTotal(const std::string& instance) {
    static const std::string kTotal = "_Total";
    return instance.size() >= kTotal.size() &&
           instance.compare(instance.size() - kTotal.size(), kTotal.size(), kTotal) == 0;
}

bool is100nsTimer(std::uint32_t type) {
    return type == kPerf100NsecTimer || type == kPerfPrecision100NsTimer;
}

}  // namespace

const std::vector<ProcessorInformationCounter>& processorInformationCounters() {
    static const std::vector<ProcessorInformationCounter> kCounters = {
        {"% C1 Time", {"windows_cpu_cstate_seconds_total{state=\"c1\"}"}},
        {"% C2 Time", {"windows_cpu_cstate_seconds_total{state=\"c2\"}"}},
        {"% C3 Time", {"windows_cpu_cstate_seconds_total{state=\"c3\"}"}},
        {"Clock Interrupts/sec", {"windows_cpu_clock_interrupts_total"}},
        {"Idle Break Events/sec", {"windows_cpu_idle_break_events_total"}},
        {"Parking Status", {"windows_cpu_parking_status"}},
        {"% Processor Performance",
         {"windows_cpu_processor_performance_total", "windows_cpu_processor_mperf_total"}},
        {"% Processor Utility",
         {"windows_cpu_processor_utility_total", "windows_cpu_processor_rtc_total"}},
        {"% Privileged Utility", {"windows_cpu_processor_privileged_utility_total"}},
    };
    return kCounters;
}

double ProcessorInformationReader::DeltaSum::add(std::int64_t raw) {
    const std::uint64_t total = counter.update(static_cast<std::uint32_t>(raw));
    if (!seeded) {
        first = total;
        seeded = true;
    }
    return static_cast<double>(total - first);
}

std::map<std::string, ProcessorInformationValues> ProcessorInformationReader::interpret(
    const PdhRawCounters& samples, const PdhCounterTypes& types) {
    std::map<std::string, ProcessorInformationValues> cores;
    for (const auto& [counter, values] : samples) {
        const auto type = types.find(counter);
        if (type == types.end()) {
            continue;
        }
        const bool seconds = is100nsTimer(type->second);
        for (const auto& raw : values) {
            if (endsWithTotal(raw.instance)) {
                continue;
            }
            ProcessorInformationValues& v = cores[raw.instance];
            const double value =
                seconds ? ticksToSeconds(raw.first) : static_cast<double>(raw.first);
            if (counter == "% C1 Time") {
                v.c1_seconds = value;
            } else if (counter == "% C2 Time") {
                v.c2_seconds = value;
            } else if (counter == "% C3 Time") {
                v.c3_seconds = value;
            } else if (counter == "Clock Interrupts/sec") {
                v.clock_interrupts = value;
            } else if (counter == "Idle Break Events/sec") {
                v.idle_break_events = value;
            } else if (counter == "Parking Status") {
                v.parking_status = value;
            } else if (counter == "% Processor Performance") {
                v.performance = value;
                if (!seconds) {
                    v.mperf = mperf_[raw.instance].add(raw.second);
                }
            } else if (counter == "% Processor Utility") {
                v.utility = value;
                if (!seconds) {
                    v.rtc = rtc_[raw.instance].add(raw.second);
                }
            } else if (counter == "% Privileged Utility") {
                v.privileged_utility = value;
            }
        }
    }
    return cores;
}

std::vector<std::string> joinProcessorInformation(
    std::vector<CoreTimes>& cores, std::map<std::string, ProcessorInformationValues> values) {
    for (auto& core : cores) {
        auto it = values.find(core.id);
        if (it != values.end()) {
            core.processor_information = std::move(it->second);
            values.erase(it);
        }
    }
    std::vector<std::string> unmatched;
    for (const auto& entry : values) {
        unmatched.push_back(entry.first);
    }
    return unmatched;
}

}  // namespace sysmetrics
