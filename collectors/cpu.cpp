#include "collectors/cpu.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "base/counter_rate.h"
#include "base/nt_time.h"
#include "base/text_parse.h"

namespace sysmetrics {

namespace {

// The first columns of a /proc/stat cpuN line (proc(5)); guest and guest_nice follow.
constexpr const char* kProcStatModes[] = {"user",   "nice", "system",  "idle",
                                          "iowait", "irq",  "softirq", "steal"};
constexpr std::size_t kProcStatColumns = 10;

bool isIdleMode(const std::string& mode) {
    return mode == "idle" || mode == "iowait";
}
}  // namespace

std::optional<CpuUsage> usageBetween(const ModeValues& before, const ModeValues& after) {
    if (!sameModes(before, after)) {
        return std::nullopt;
    }
    ModeValues deltas = after;
    double total = 0;
    for (std::size_t i = 0; i < deltas.size(); i++) {
        deltas[i].value -= before[i].value;
        if (deltas[i].value < 0) {
            return std::nullopt;
        }
        total += deltas[i].value;
    }
    if (total <= 0) {
        return std::nullopt;
    }
    CpuUsage usage;
    usage.percent = std::move(deltas);
    double idle = 0;
    for (auto& share : usage.percent) {
        share.value = 100.0 * share.value / total;
        if (isIdleMode(share.mode)) {
            idle += share.value;
        }
    }
    usage.busy_percent = std::max(0.0, 100.0 - idle);
    return usage;
}

CpuSection cpuSectionFrom(const CpuSample* previous, CpuSample current, double interval_seconds) {
    CpuSection section;
    section.core_usage.resize(current.cores.size());
    if (previous) {
        std::map<std::string, const CoreTimes*> before;
        for (const auto& core : previous->cores) {
            before[core.id] = &core;
        }
        ModeValues total_before, total_after;
        bool any = false;
        for (std::size_t c = 0; c < current.cores.size(); c++) {
            const CoreTimes& core = current.cores[c];
            auto it = before.find(core.id);
            if (it == before.end()) {
                continue;
            }
            section.core_usage[c] = usageBetween(it->second->seconds, core.seconds);
            if (section.core_usage[c]) {
                any = true;
                addModeValues(total_before, it->second->seconds);
                addModeValues(total_after, core.seconds);
            }
        }
        if (any) {
            section.total_usage = usageBetween(total_before, total_after);
            section.interval_seconds = interval_seconds;
        }
    }
    if (previous) {
        CpuCounterRates& rates = section.counter_rates;
        rates.context_switches =
            perSecond(previous->context_switches, current.context_switches, interval_seconds);
        rates.system_calls =
            perSecond(previous->system_calls, current.system_calls, interval_seconds);
        rates.interrupts = perSecond(previous->interrupts, current.interrupts, interval_seconds);
        rates.exception_dispatches = perSecond(previous->exception_dispatches,
                                               current.exception_dispatches, interval_seconds);
        rates.processes_created =
            perSecond(previous->processes_created, current.processes_created, interval_seconds);
    }
    section.sample = std::move(current);
    return section;
}

CoreTimes coreTimesFromWindows(const std::string& id, const WindowsProcessorTimes& raw) {
    const auto seconds = [](std::uint64_t units) { return ticksToSeconds(units); };
    const std::uint64_t inside_kernel = raw.idle + raw.dpc + raw.interrupt;
    const std::uint64_t privileged = raw.kernel > inside_kernel ? raw.kernel - inside_kernel : 0;
    CoreTimes core;
    core.id = id;
    core.seconds = {{"user", seconds(raw.user)},
                    {"privileged", seconds(privileged)},
                    {"idle", seconds(raw.idle)},
                    {"dpc", seconds(raw.dpc)},
                    {"interrupt", seconds(raw.interrupt)}};
    core.interrupts = raw.interrupt_count;
    return core;
}

std::string windowsCoreLabel(std::uint32_t group, std::uint32_t number) {
    return std::to_string(group) + "," + std::to_string(number);
}

double windowsExporterModeSeconds(const CoreTimes& core, std::string_view mode) {
    double value = modeValue(core.seconds, mode);
    if (mode == "privileged") {
        value += modeValue(core.seconds, "dpc") + modeValue(core.seconds, "interrupt");
    }
    return value;
}

void CoreTimesFloor::apply(std::vector<CoreTimes>& cores) {
    std::map<std::string, ModeValues> next;
    for (auto& core : cores) {
        auto it = last_.find(core.id);
        if (it != last_.end() && sameModes(it->second, core.seconds)) {
            for (std::size_t m = 0; m < core.seconds.size(); m++) {
                core.seconds[m].value = std::max(core.seconds[m].value, it->second[m].value);
            }
        }
        next[core.id] = core.seconds;
    }
    last_ = std::move(next);
}

std::uint64_t WrappingCounter::update(std::uint32_t raw) {
    if (seeded_) {
        total_ += static_cast<std::uint32_t>(raw - last_);  // modulo 2^32: a wrap adds the rest
    } else {
        total_ = raw;
        seeded_ = true;
    }
    last_ = raw;
    return total_;
}

Result<CpuSample> cpuSampleFromProcStat(std::string_view text, double ticks_per_second) {
    if (ticks_per_second <= 0) {
        return Error{ErrorCode::invalid_data, 0, "sysconf(_SC_CLK_TCK)"};
    }
    CpuSample sample;
    for (std::string_view line : splitLines(text)) {
        const auto fields = splitFields(line);
        if (fields.empty()) {
            continue;
        }
        const std::string_view key = fields[0];
        if (key.size() > 3 && key.substr(0, 3) == "cpu") {
            CoreTimes core;
            core.id = std::string(key.substr(3));
            if (!parseUnsigned(core.id)) {
                continue;
            }
            std::vector<double> values;
            for (std::size_t i = 1; i < fields.size(); i++) {
                const auto ticks = parseUnsigned(fields[i]);
                if (!ticks) {
                    break;
                }
                values.push_back(static_cast<double>(*ticks) / ticks_per_second);
            }
            if (values.size() < 4) {
                continue;  // older than any kernel we support: user nice system idle at least
            }
            values.resize(kProcStatColumns, 0.0);
            for (std::size_t i = 0; i < std::size(kProcStatModes); i++) {
                core.seconds.push_back({kProcStatModes[i], values[i]});
            }
            // Guest time is already inside user and nice; node_exporter keeps those as they are.
            core.guest_seconds = values[8];
            core.guest_nice_seconds = values[9];
            sample.cores.push_back(std::move(core));
        } else if (fields.size() >= 2) {
            const auto value = parseUnsigned(fields[1]);
            if (!value) {
                continue;
            }
            if (key == "ctxt") {
                sample.context_switches = value;
            } else if (key == "intr") {
                sample.interrupts = value;
            } else if (key == "processes") {
                sample.processes_created = value;
            } else if (key == "procs_running") {
                sample.procs_running = value;
            } else if (key == "procs_blocked") {
                sample.procs_blocked = value;
            }
        }
    }
    if (sample.cores.empty()) {
        return Error{ErrorCode::invalid_data, 0, "/proc/stat", "no cpuN lines"};
    }
    std::sort(sample.cores.begin(), sample.cores.end(), [](const CoreTimes& a, const CoreTimes& b) {
        return parseUnsigned(a.id).value_or(0) < parseUnsigned(b.id).value_or(0);
    });
    sample.info.logical_processors = static_cast<std::uint32_t>(sample.cores.size());
    return sample;
}

bool applyLoadavg(std::string_view text, CpuSample& sample) {
    const auto fields = splitFields(text);
    if (fields.size() < 3) {
        return false;
    }
    const auto one = parseDouble(fields[0]);
    const auto five = parseDouble(fields[1]);
    const auto fifteen = parseDouble(fields[2]);
    if (!one || !five || !fifteen) {
        return false;
    }
    sample.load1 = one;
    sample.load5 = five;
    sample.load15 = fifteen;
    return true;
}

CpuInfo cpuInfoFromProcCpuinfo(std::string_view text) {
    CpuInfo info;
    std::set<std::string> packages;
    std::set<std::pair<std::string, std::string>> cores;
    std::string package;
    std::uint32_t processors = 0;
    for (std::string_view line : splitLines(text)) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = trim(line.substr(0, colon));
        const std::string value(trim(line.substr(colon + 1)));
        if (key == "processor") {
            processors++;
            package.clear();
        } else if (key == "model name" && info.model_name.empty()) {
            info.model_name = value;
        } else if (key == "physical id") {
            package = value;
            packages.insert(value);
        } else if (key == "core id") {
            cores.emplace(package, value);
        }
    }
    info.logical_processors = processors;
    if (!packages.empty()) {
        info.sockets = static_cast<std::uint32_t>(packages.size());
    }
    if (!cores.empty()) {
        info.physical_cores = static_cast<std::uint32_t>(cores.size());
    }
    return info;
}

}  // namespace sysmetrics
