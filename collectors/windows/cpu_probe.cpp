#include <windows.h>
#include <powrprof.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <memory>

#include "base/text_parse.h"
#include "base/windows/nt_api.h"
#include "base/windows/registry.h"
#include "base/windows/win_error.h"
#include "collectors/cpu.h"
#include "collectors/cpu_groups.h"
#include "collectors/cpu_info.h"
#include "collectors/nt_layouts.h"
#include "collectors/windows/pdh_counters.h"
#include "collectors/windows/processor_information.h"

namespace sysmetrics {

namespace {

// The raw SMBIOS table (RawSMBIOSData) of GetSystemFirmwareTable('RSMB').
Result<std::vector<std::uint8_t>> smbiosTable() {
    constexpr DWORD kRsmb = 'R' << 24 | 'S' << 16 | 'M' << 8 | 'B';
    for (int attempt = 0; attempt < 3; attempt++) {
        const UINT size = ::GetSystemFirmwareTable(kRsmb, 0, nullptr, 0);
        if (size == 0) {
            break;
        }
        std::vector<std::uint8_t> table(size);
        const UINT got = ::GetSystemFirmwareTable(kRsmb, 0, table.data(), size);
        if (got > 0 && got <= size) {
            table.resize(got);
            return table;
        }
        if (got == 0) {
            break;
        }
    }
    return win::lastError("GetSystemFirmwareTable('RSMB')");
}

// Win32_Processor's Architecture of the machine: IsWow64Process2's native machine (Windows 10
// 1709 and later; it sees through x64 emulation on ARM64), else GetNativeSystemInfo's
// wProcessorArchitecture, whose PROCESSOR_ARCHITECTURE_* numbers are WMI's.
std::uint16_t nativeArchitecture() {
    using IsWow64Process2Fn = BOOL(WINAPI*)(HANDLE, USHORT*, USHORT*);
    const HMODULE kernel32 = ::GetModuleHandleW(L"kernel32.dll");
    const auto isWow64Process2 =
        kernel32 ? reinterpret_cast<IsWow64Process2Fn>(
                       reinterpret_cast<void*>(::GetProcAddress(kernel32, "IsWow64Process2")))
                 : nullptr;
    USHORT process = 0, native = 0;
    if (isWow64Process2 && isWow64Process2(::GetCurrentProcess(), &process, &native)) {
        if (auto architecture = wmiArchitectureOfMachine(native)) {
            return *architecture;
        }
    }
    SYSTEM_INFO system{};
    ::GetNativeSystemInfo(&system);
    return system.wProcessorArchitecture;
}

ProcessorRegistryStrings processorRegistryStrings(std::uint32_t index) {
    const std::wstring key =
        L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\" + std::to_wstring(index);
    return {win::machineRegistryString(key.c_str(), L"ProcessorNameString"),
            win::machineRegistryString(key.c_str(), L"Identifier")};
}

// Static processor facts, read once. What cannot be read is named in `notes`.
CpuInfo readCpuInfo(std::vector<std::string>& notes) {
    CpuInfo info;
    info.logical_processors = ::GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    const ProcessorRegistryStrings first = processorRegistryStrings(0);
    info.model_name = std::string(trim(first.name));
    auto glpi = win::logicalProcessorInformation(ProcessorRelation::all);
    if (!glpi.ok()) {
        notes.push_back("processor packages unknown (the cpu_info families are left out): " +
                        glpi.error().describe());
        return info;
    }
    const ProcessorTopology topology =
        processorTopology(parseLogicalProcessorInformationEx(glpi->data(), glpi->size()));
    if (topology.cores) {
        info.physical_cores = topology.cores;
    }
    if (!topology.packages.empty()) {
        info.sockets = static_cast<std::uint32_t>(topology.packages.size());
    }
    if (topology.numa_nodes) {
        info.numa_nodes = topology.numa_nodes;
    }
    std::vector<SmbiosProcessor> smbios;
    auto table = smbiosTable();
    if (table.ok()) {
        smbios = parseSmbiosProcessors(table->data(), table->size());
    } else {
        notes.push_back("SMBIOS table unavailable: " + table.error().describe());
    }
    info.packages =
        cpuPackages(topology, smbios, nativeArchitecture(), &processorRegistryStrings, notes);
    return info;
}

class WindowsCpuSource : public CpuSource {
public:
    WindowsCpuSource()
        : pdh_({{"utility", L"\\Processor Information(_Total)\\% Processor Utility"},
                {"performance", L"\\Processor Information(_Total)\\% Processor Performance"},
                {"queue", L"\\System\\Processor Queue Length"}}),
          info_(readCpuInfo(notes_)) {}

    Result<CpuSample> read() override {
        CpuSample sample;
        sample.info = info_;
        if (auto times = readProcessorTimes(sample); !times.ok()) {
            return times.error();
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
    Status<> readProcessorTimes(CpuSample& sample) {
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
            return {};
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
                         "NtQuerySystemInformation(SystemProcessorPerformanceInformation)",
                         "no processors"};
        }
        return {};
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
    std::vector<std::string> notes_;  // before info_, which its reading fills
    CpuInfo info_;
    std::map<WORD, std::vector<std::uint8_t>> buffers_;
    std::vector<std::uint8_t> interrupt_buffer_;
    std::map<std::string, WrappingCounter> dpc_counters_;
    CoreTimesFloor floor_;
    std::map<std::string, WrappingCounter> interrupt_counters_;
    WrappingCounter context_switches_, system_calls_, exceptions_;
    win::ProcessorInformationProbe processor_information_;
};

}  // namespace

std::unique_ptr<CpuSource> makeCpuSource() {
    return std::make_unique<WindowsCpuSource>();
}

}  // namespace sysmetrics
