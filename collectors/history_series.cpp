#include "collectors/history_series.h"

#include <optional>

#include "collectors/cpu.h"
#include "collectors/disk.h"
#include "collectors/memory.h"
#include "collectors/network.h"
#include "collectors/system.h"

namespace sysmetrics {

namespace {

std::optional<double> usedPercent(std::optional<std::uint64_t> total,
                                  std::optional<std::uint64_t> free) {
    if (!total || !free || *total == 0 || *free > *total) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(*total - *free) / static_cast<double>(*total);
}

// Writes the points of one section at its collection time.
class Recorder {
public:
    Recorder(History& history, double time) : history_(history), time_(time) {}

    void add(const char* name, std::optional<double> value, const std::string& item = "") {
        if (value) {
            history_.record(name, item, time_, *value);
        }
    }

private:
    History& history_;
    double time_;
};

void recordCpu(const CpuSection& cpu, Recorder& out) {
    if (cpu.total_usage) {
        out.add("cpu.busy_percent", cpu.total_usage->busy_percent);
    }
    for (std::size_t i = 0; i < cpu.sample.cores.size() && i < cpu.core_usage.size(); ++i) {
        if (cpu.core_usage[i]) {
            out.add("cpu.cores.busy_percent", cpu.core_usage[i]->busy_percent,
                    cpu.sample.cores[i].id);
        }
    }
    out.add("cpu.load1", cpu.sample.load1);
    out.add("cpu.load5", cpu.sample.load5);
    out.add("cpu.load15", cpu.sample.load15);
    out.add("cpu.processor_queue_length", cpu.sample.processor_queue_length);
    out.add("cpu.context_switches_per_second", cpu.counter_rates.context_switches);
    out.add("cpu.interrupts_per_second", cpu.counter_rates.interrupts);
}

void recordMemory(const MemorySection& memory, Recorder& out) {
    out.add("memory.used_percent",
            usedPercent(memory.physical_total_bytes, memory.physical_available_bytes));
    out.add("memory.available_bytes", static_cast<double>(memory.physical_available_bytes));
    out.add("memory.swap_used_percent",
            usedPercent(memory.swap_total_bytes, memory.swap_free_bytes));
}

void recordSystem(const SystemSection& system, Recorder& out) {
    out.add("system.processes", static_cast<double>(system.processes));
    out.add("system.threads", static_cast<double>(system.threads));
}

void recordNetwork(const NetworkSection& network, Recorder& out) {
    for (const auto& nic : network.interfaces) {
        out.add("network.interfaces.bytes_received_per_second", nic.bytes_received_per_second,
                nic.name);
        out.add("network.interfaces.bytes_sent_per_second", nic.bytes_sent_per_second, nic.name);
    }
}

void recordDisks(const DiskSection& disks, Recorder& out) {
    for (const auto& disk : disks.disks) {
        out.add("disks.read_bytes_per_second", disk.read_bytes_per_second, disk.volume);
        out.add("disks.write_bytes_per_second", disk.write_bytes_per_second, disk.volume);
    }
}

template <typename SectionType>
void recordAs(const Section& section, Recorder& out,
              void (*record)(const SectionType&, Recorder&)) {
    if (const auto* typed = dynamic_cast<const SectionType*>(&section)) {
        record(*typed, out);
    }
}

}  // namespace

const std::vector<HistorySeriesInfo>& historySeriesCatalog() {
    static const std::vector<HistorySeriesInfo> catalog = {
        {"cpu.busy_percent", "cpu", "percent", "",
         "Share of all processors' time not idle, 0-100."},
        {"cpu.cores.busy_percent", "cpu", "percent", "core",
         "Share of one logical processor's time not idle, 0-100."},
        {"cpu.load1", "cpu", "count", "", "Linux: load average over 1 minute."},
        {"cpu.load5", "cpu", "count", "", "Linux: load average over 5 minutes."},
        {"cpu.load15", "cpu", "count", "", "Linux: load average over 15 minutes."},
        {"cpu.processor_queue_length", "cpu", "count", "",
         "Windows: threads ready to run and waiting for a processor."},
        {"cpu.context_switches_per_second", "cpu", "1/s", "", "Context switches per second."},
        {"cpu.interrupts_per_second", "cpu", "1/s", "", "Hardware interrupts per second."},
        {"memory.used_percent", "memory", "percent", "",
         "Physical memory not available to processes, 0-100."},
        {"memory.available_bytes", "memory", "bytes", "",
         "Physical memory available to processes without paging."},
        {"memory.swap_used_percent", "memory", "percent", "",
         "Used share of the page files (Windows) or swap (Linux), 0-100."},
        {"system.processes", "system", "count", "", "Processes."},
        {"system.threads", "system", "count", "", "Threads."},
        {"network.interfaces.bytes_received_per_second", "network", "bytes/s", "interface",
         "Bytes received per second by one interface."},
        {"network.interfaces.bytes_sent_per_second", "network", "bytes/s", "interface",
         "Bytes sent per second by one interface."},
        {"disks.read_bytes_per_second", "disks", "bytes/s", "volume",
         "Bytes read per second from one volume."},
        {"disks.write_bytes_per_second", "disks", "bytes/s", "volume",
         "Bytes written per second to one volume."},
    };
    return catalog;
}

const HistorySeriesInfo* findHistorySeries(const std::string& name) {
    for (const auto& info : historySeriesCatalog()) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

void recordHistory(History& history, const std::string& collector, const Section& section) {
    Recorder out(history, section.collected_at);
    if (collector == CpuSection::kName) {
        recordAs<CpuSection>(section, out, &recordCpu);
    } else if (collector == MemorySection::kName) {
        recordAs<MemorySection>(section, out, &recordMemory);
    } else if (collector == SystemSection::kName) {
        recordAs<SystemSection>(section, out, &recordSystem);
    } else if (collector == NetworkSection::kName) {
        recordAs<NetworkSection>(section, out, &recordNetwork);
    } else if (collector == DiskSection::kName) {
        recordAs<DiskSection>(section, out, &recordDisks);
    } else {
        return;
    }
    history.trim(section.collected_at);
}

}  // namespace sysmetrics
