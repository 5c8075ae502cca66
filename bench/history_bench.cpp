// The memory and CPU of /api/v1/history's ring: fills one window (an hour) for a host of CORES
// logical processors, INTERFACES interfaces and VOLUMES volumes at the default intervals (cpu,
// memory, network every 5 s; disks, system every 15 s) through the same recordHistory the service
// calls on each publish, then prints what it holds, the resident memory it added, the cost of a
// publish and of a dashboard's query (every core, the last 10 minutes, 120 points).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/cpu_time.h"
#include "collectors/cpu.h"
#include "collectors/disk.h"
#include "collectors/history.h"
#include "collectors/history_series.h"
#include "collectors/memory.h"
#include "collectors/network.h"
#include "collectors/self.h"
#include "collectors/system.h"

namespace {

std::uint64_t residentBytes() {
    auto self = sysmetrics::makeSelfSource()->read();
    return self.ok() ? self.value().resident_bytes : 0;
}

}  // namespace

int main(int argc, char** argv) {
    int cores = 64, interfaces = 8, volumes = 8;
    for (int i = 1; i + 1 < argc; i += 2) {
        const int value = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--cores") == 0) {
            cores = value;
        } else if (std::strcmp(argv[i], "--interfaces") == 0) {
            interfaces = value;
        } else if (std::strcmp(argv[i], "--volumes") == 0) {
            volumes = value;
        } else {
            std::fprintf(stderr,
                         "usage: history_bench [--cores N] [--interfaces N] [--volumes N]\n");
            return 2;
        }
    }
    using namespace sysmetrics;
    CpuSection cpu;
    cpu.total_usage = CpuUsage{{}, 10};
    cpu.sample.cores.resize(static_cast<std::size_t>(cores));
    cpu.core_usage.assign(static_cast<std::size_t>(cores), CpuUsage{{}, 10});
    for (int c = 0; c < cores; ++c) {
        cpu.sample.cores[static_cast<std::size_t>(c)].id = "0," + std::to_string(c);
    }
    cpu.sample.processor_queue_length = 1;
    cpu.counter_rates.context_switches = 1000;
    cpu.counter_rates.interrupts = 1000;
    MemorySection memory;
    memory.physical_total_bytes = 1ull << 34;
    memory.physical_available_bytes = 1ull << 33;
    memory.swap_total_bytes = 1ull << 32;
    memory.swap_free_bytes = 1ull << 31;
    NetworkSection network;
    network.interfaces.resize(static_cast<std::size_t>(interfaces));
    for (int n = 0; n < interfaces; ++n) {
        auto& nic = network.interfaces[static_cast<std::size_t>(n)];
        nic.name = "Intel[R] Ethernet Connection I219-V _" + std::to_string(n);
        nic.bytes_received_per_second = 1e6;
        nic.bytes_sent_per_second = 1e5;
    }
    DiskSection disks;
    disks.disks.resize(static_cast<std::size_t>(volumes));
    for (int v = 0; v < volumes; ++v) {
        auto& disk = disks.disks[static_cast<std::size_t>(v)];
        disk.volume = std::string(1, static_cast<char>('C' + v)) + ":";
        disk.read_bytes_per_second = 1e6;
        disk.write_bytes_per_second = 1e6;
    }
    SystemSection system;

    History history;
    const std::uint64_t rss_before = residentBytes();
    const double start = 1.8e9;
    double cpu_seconds = 0;
    int cpu_publishes = 0;
    for (int t = 0; t <= 3600; t += 5) {
        const double now = start + t;
        cpu.collected_at = memory.collected_at = network.collected_at = now;
        const double before = processCpuSeconds();
        recordHistory(history, "cpu", cpu);
        cpu_seconds += processCpuSeconds() - before;
        ++cpu_publishes;
        recordHistory(history, "memory", memory);
        recordHistory(history, "network", network);
        if (t % 15 == 0) {
            disks.collected_at = system.collected_at = now;
            recordHistory(history, "disks", disks);
            recordHistory(history, "system", system);
        }
    }
    const std::uint64_t rss_after = residentBytes();
    const auto usage = history.usage();

    const int queries = 200;
    const double query_start = processCpuSeconds();
    std::size_t answered = 0;
    for (int q = 0; q < queries; ++q) {
        for (const auto& series :
             history.query("cpu.cores.busy_percent", start + 3000, start + 3600, 120)) {
            answered += series.points.size();
        }
    }
    const double query_seconds = (processCpuSeconds() - query_start) / queries;

    std::printf("history for %d cores, %d interfaces, %d volumes, one hour at default intervals\n",
                cores, interfaces, volumes);
    std::printf("  series %zu, points %zu, held %.1f KB (16 B a point), series dropped %zu\n",
                usage.series, usage.points, usage.bytes / 1024.0, usage.series_dropped);
    std::printf("  resident memory added %.1f KB\n",
                (static_cast<double>(rss_after) - static_cast<double>(rss_before)) / 1024.0);
    std::printf("  cpu publish: %.1f us CPU each (%d publishes)\n",
                cpu_seconds / cpu_publishes * 1e6, cpu_publishes);
    std::printf("  query every core, last 10 min, 120 points: %.1f us CPU (%zu points)\n",
                query_seconds * 1e6, answered / queries);
    return 0;
}
