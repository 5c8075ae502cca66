#include <windows.h>
#include <powrprof.h>

#include <algorithm>
#include <map>
#include <memory>

#include "base/text_parse.h"
#include "base/windows/nt_api.h"
#include "base/windows/registry.h"
#include "base/windows/win_error.h"
#include "collectors/cpu.h"
#include "collectors/cpu_groups.h"
#include "collectors/nt_layouts.h"
#include "collectors/windows/pdh_counters.h"
#include "collectors/windows/processor_information.h"

namespace sysmetrics {

namespace {

CpuInfo readCpuInfo() {
    CpuInfo info;
    info.logical_processors = ::GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    const std::string name = win::machineRegistryString(
        L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0", L"ProcessorNameString");
    info.model_name = std::string(trim(name));
    DWORD bytes = 0;
    ::GetLogicalProcessorInformationEx(RelationAll, nullptr, &bytes);
    if (bytes > 0) {
        std::vector<std::uint8_t> buffer(bytes);
        auto* first = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buffer.data());
        if (::GetLogicalProcessorInformationEx(RelationAll, first, &bytes)) {
            std::uint32_t cores = 0, packages = 0, nodes = 0;
            for (DWORD offset = 0; offset < bytes;) {
                auto* entry = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(
                    buffer.data() + offset);
                if (entry->Size == 0) {
                    break;
                }
                cores += entry->Relationship == RelationProcessorCore;
                packages += entry->Relationship == RelationProcessorPackage;
                nodes += entry->Relationship == RelationNumaNode;
                offset += entry->Size;
            }
            if (cores)
                info.physical_cores = cores;
            if (packages)
                info.sockets = packages;
            if (nodes)
                info.numa_nodes = nodes;
        }
    }
    return info;
}

class WindowsCpuSource : public CpuSource {
public:
    WindowsCpuSource()
        : pdh_({{"utility", L"\\Processor Information(_Total)\\% Processor Utility"},
                {"performance", L"\\Processor Information(_Total)\\% Processor Performance"},
                {"queue", L"\\System\\Processor Queue Length"}}),
          info_(readCpuInfo()) {}

    Result<CpuSample> read() override {
        CpuSample sample;
        sample.modes = kWindowsCpuModes;
        sample.info = info_;
        if (auto error = readProcessorTimes(sample)) {
            return *error;
        }
        // InterruptCount is 32 bits per processor: keep running totals across wraps.
        for (std::size_t i = 0; i < sample.cores.size(); i++) {
            auto& core = sample.cores[i];
            core.interrupts = interrupt_counters_[core.id].update(
                static_cast<std::uint32_t>(core.interrupts.value_or(0)));
        }
        readPerGroupValues(sample);
        readSystemActivity(sample);
        floor_.apply(sample.cores);
        processor_information_.nameCores(sample.cores);
        processor_information_.read(sample.cores);
        const auto pdh = pdh_.collect();
        if (auto it = pdh.find("utility"); it != pdh.end())
            sample.processor_utility_percent = it->second;
        if (auto it = pdh.find("performance"); it != pdh.end())
            sample.processor_performance_percent = it->second;
        if (auto it = pdh.find("queue"); it != pdh.end())
            sample.processor_queue_length = it->second;
        return sample;
    }

    std::vector<std::string> notes() const override {
        std::vector<std::string> all = pdh_.notes();
        all.insert(all.end(), notes_.begin(), notes_.end());
        const auto processor_information = processor_information_.notes();
        all.insert(all.end(), processor_information.begin(), processor_information.end());
        return all;
    }

private:
    std::optional<Error> readProcessorTimes(CpuSample& sample) {
        const WORD groups = ::GetActiveProcessorGroupCount();
        if (groups > 1 && nt::api().querySystemInformationEx) {
            for (WORD group = 0; group < groups; group++) {
                std::vector<std::uint8_t>& buffer = buffers_[group];
                buffer.resize(kProcessorPerformanceSize * 64);
                ULONG returned = 0;
                USHORT input = group;
                const nt::NTSTATUS status = nt::api().querySystemInformationEx(
                    nt::kSystemProcessorPerformanceInformation, &input, sizeof input, buffer.data(),
                    static_cast<ULONG>(buffer.size()), &returned);
                if (status != nt::kStatusSuccess) {
                    return nt::statusError(
                        status,
                        "NtQuerySystemInformationEx(SystemProcessorPerformanceInformation)");
                }
                appendCores(sample, group, buffer.data(), returned);
            }
            return std::nullopt;
        }
        auto returned = nt::querySystemInformation(
            nt::kSystemProcessorPerformanceInformation, buffers_[0],
            "NtQuerySystemInformation(SystemProcessorPerformanceInformation)");
        if (!returned.ok()) {
            return returned.error();
        }
        appendCores(sample, 0, buffers_[0].data(), returned.value());
        if (sample.cores.empty()) {
            return Error{ErrorCode::invalid_data, 0,
                         "NtQuerySystemInformation(SystemProcessorPerformanceInformation) returned "
                         "no processors"};
        }
        return std::nullopt;
    }

    static void appendCores(CpuSample& sample, WORD group, const std::uint8_t* data, ULONG size) {
        const auto processors = parseProcessorPerformance(data, size);
        for (std::size_t i = 0; i < processors.size(); i++) {
            sample.cores.push_back(coreTimesFromWindows(
                windowsCoreLabel(group, static_cast<std::uint32_t>(i)), processors[i]));
        }
    }

    // SystemInterruptInformation and CallNtPowerInformation see only the calling thread's
    // processor group, so the thread visits each group in turn (then goes back to where it was).
    void readPerGroupValues(CpuSample& sample) {
        const WORD groups = ::GetActiveProcessorGroupCount();
        GROUP_AFFINITY original{};
        const bool moved = groups > 1 && ::GetThreadGroupAffinity(::GetCurrentThread(), &original);
        for (WORD group = 0; group < std::max<WORD>(groups, 1); group++) {
            if (groups > 1) {
                if (!moved || !runInGroup(group)) {
                    noteOnce("DPC counts and frequencies of processor group " +
                             std::to_string(group) + " unavailable: SetThreadGroupAffinity failed");
                    continue;
                }
            }
            readInterruptCounts(sample, group);
            readFrequencies(sample, group);
        }
        if (moved) {
            ::SetThreadGroupAffinity(::GetCurrentThread(), &original, nullptr);
        }
    }

    static bool runInGroup(WORD group) {
        const DWORD count = ::GetActiveProcessorCount(group);
        GROUP_AFFINITY affinity{};
        affinity.Group = group;
        affinity.Mask =
            count >= sizeof(KAFFINITY) * 8 ? ~KAFFINITY{0} : (KAFFINITY{1} << count) - 1;
        return count > 0 && ::SetThreadGroupAffinity(::GetCurrentThread(), &affinity, nullptr);
    }

    void readInterruptCounts(CpuSample& sample, WORD group) {
        auto returned =
            nt::querySystemInformation(nt::kSystemInterruptInformation, interrupt_buffer_,
                                       "NtQuerySystemInformation(SystemInterruptInformation)");
        if (!returned.ok()) {
            noteOnce("DPC counts unavailable: " + returned.error().describe());
            return;
        }
        applyGroupDpcs(sample.cores, group,
                       parseInterruptInformation(interrupt_buffer_.data(), returned.value()),
                       dpc_counters_);
    }

    void readSystemActivity(CpuSample& sample) {
        std::vector<std::uint8_t> buffer(kPerformanceInformationSize);
        ULONG returned = 0;
        const nt::NTSTATUS status =
            nt::api().querySystemInformation
                ? nt::api().querySystemInformation(nt::kSystemPerformanceInformation, buffer.data(),
                                                   static_cast<ULONG>(buffer.size()), &returned)
                : nt::kStatusInfoLengthMismatch;
        const auto activity = status == nt::kStatusSuccess
                                  ? parsePerformanceInformation(buffer.data(), returned)
                                  : std::nullopt;
        if (activity) {
            sample.context_switches = context_switches_.update(activity->context_switches);
            sample.system_calls = system_calls_.update(activity->system_calls);
        } else {
            noteOnce(
                "context switches and system calls unavailable: "
                "NtQuerySystemInformation(SystemPerformanceInformation) failed");
        }
        std::uint8_t exceptions[kExceptionInformationSize] = {};
        const nt::NTSTATUS ex_status =
            nt::api().querySystemInformation
                ? nt::api().querySystemInformation(nt::kSystemExceptionInformation, exceptions,
                                                   sizeof exceptions, &returned)
                : nt::kStatusInfoLengthMismatch;
        if (ex_status == nt::kStatusSuccess) {
            if (auto count = parseExceptionDispatches(exceptions, returned)) {
                sample.exception_dispatches = exceptions_.update(*count);
            }
        } else {
            noteOnce(
                "exception dispatches unavailable: "
                "NtQuerySystemInformation(SystemExceptionInformation) failed");
        }
        std::uint64_t interrupts = 0;
        for (const auto& core : sample.cores) {
            interrupts += core.interrupts.value_or(0);
        }
        sample.interrupts = interrupts;
    }

    void readFrequencies(CpuSample& sample, WORD group) {
        const DWORD count = ::GetActiveProcessorCount(group);
        std::vector<std::uint8_t> buffer(std::size_t{count} * kProcessorPowerInformationSize);
        if (buffer.empty()) {
            return;
        }
        const LONG status = ::CallNtPowerInformation(
            ProcessorInformation, nullptr, 0, buffer.data(), static_cast<ULONG>(buffer.size()));
        if (status != 0) {
            noteOnce(
                "processor frequency unavailable: CallNtPowerInformation(ProcessorInformation) "
                "status " +
                std::to_string(status));
            return;
        }
        const auto power = parseProcessorPowerInformation(buffer.data(), buffer.size());
        applyGroupFrequencies(sample.cores, group, power);
        if (group == 0 && !power.empty() && power[0].max_mhz > 0) {
            sample.info.base_mhz = power[0].max_mhz;
        }
    }

    void noteOnce(const std::string& note) {
        for (const auto& existing : notes_) {
            if (existing == note) {
                return;
            }
        }
        notes_.push_back(note);
    }

    win::PdhCounterSet pdh_;
    CpuInfo info_;
    std::map<WORD, std::vector<std::uint8_t>> buffers_;
    std::vector<std::uint8_t> interrupt_buffer_;
    std::map<std::string, WrappingCounter> dpc_counters_;
    CoreTimesFloor floor_;
    std::map<std::string, WrappingCounter> interrupt_counters_;
    WrappingCounter context_switches_, system_calls_, exceptions_;
    std::vector<std::string> notes_;
    win::ProcessorInformationProbe processor_information_;
};

}  // namespace

std::unique_ptr<CpuSource> makeCpuSource() {
    return std::make_unique<WindowsCpuSource>();
}

}  // namespace sysmetrics
