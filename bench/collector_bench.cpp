// Prints the cost of each collector per cycle: wall time and CPU time of this process, and for
// processes how many were opened in a steady-state cycle. A benchmark that prints figures, not a
// pass/fail test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "base/fault_injection.h"
#include "base/heap_release.h"
#ifdef __linux__
#include "base/linux/open_file_limit.h"
#endif
#include "bench/cpu_time.h"
#include "collectors/network.h"
#include "collectors/process.h"
#include "config/config.h"
#include "service/collector_catalog.h"

int main(int argc, char** argv) {
    sysmetrics::setServiceHeapPolicy();  // so the figures include the page faults it costs
#ifdef __linux__
    sysmetrics::raiseOpenFileLimit();  // as the service does, for the kept /proc files
#endif
    int cycles = 20;
    std::vector<std::string> names;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--cycles") == 0 && i + 1 < argc) {
            cycles = std::max(1, std::atoi(argv[++i]));
        } else if (std::strcmp(argv[i], "--collector") == 0 && i + 1 < argc) {
            names.emplace_back(argv[++i]);
        } else if (std::strcmp(argv[i], "--missing-api") == 0 && i + 1 < argc) {
            sysmetrics::setMissingApisForTesting({argv[++i]});  // e.g. NETLINK_SOCK_DIAG
        } else if (std::strcmp(argv[i], "--list") == 0) {
            for (const auto& name : sysmetrics::defaultConfig().enabledCollectors()) {
                std::printf("%s\n", name.c_str());
            }
            return 0;
        } else {
            std::fprintf(stderr,
                         "usage: collector_bench [--cycles N] [--collector NAME]... "
                         "[--missing-api NAME] | --list\n");
            return 2;
        }
    }
    const sysmetrics::Config config = sysmetrics::defaultConfig();
    if (names.empty()) {
        names = config.enabledCollectors();
    }
    std::printf("%-11s %9s %7s %12s %12s %12s %12s %s\n", "collector", "first_ms", "cycles",
                "wall_ms_mean", "wall_ms_p50", "wall_ms_max", "cpu_ms_mean", "notes");
    for (const auto& name : names) {
        auto collector = sysmetrics::makeCollector(name, config);
        if (!collector) {
            std::fprintf(stderr, "unknown collector %s\n", name.c_str());
            return 2;
        }
        // The first cycle opens every process and primes caches: shown apart.
        const auto first_start = std::chrono::steady_clock::now();
        collector->collect();
        const double first_ms = std::chrono::duration<double, std::milli>(
                                    std::chrono::steady_clock::now() - first_start)
                                    .count();
        std::vector<double> walls;
        double cpu = 0;
        std::string note;
        for (int c = 0; c < cycles; c++) {
            const double cpu0 = processCpuSeconds();
            const auto t0 = std::chrono::steady_clock::now();
            auto result = collector->collect();
            walls.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                    .count());
            cpu += processCpuSeconds() - cpu0;
            if (!result.ok()) {
                note = "error: " + result.error().describe();
            } else if (auto p = std::dynamic_pointer_cast<const sysmetrics::ProcessSection>(
                           result.value())) {
                note = "processes=" + std::to_string(p->stats.seen) +
                       " opened_last_cycle=" + std::to_string(p->stats.details_opened);
            } else if (auto c = std::dynamic_pointer_cast<const sysmetrics::ConnectionSection>(
                           result.value())) {
                note = "connections=" + std::to_string(c->connections.size());
            }
        }
        if (const auto notes = collector->notes(); !notes.empty()) {
            note += " [" + notes.front() + (notes.size() > 1 ? " ...]" : "]");
        }
        std::vector<double> sorted = walls;
        std::sort(sorted.begin(), sorted.end());
        double sum = 0;
        for (double w : walls)
            sum += w;
        std::printf("%-11s %9.3f %7d %12.3f %12.3f %12.3f %12.3f %s\n", name.c_str(), first_ms,
                    cycles, sum / cycles, sorted[sorted.size() / 2], sorted.back(),
                    cpu * 1000 / cycles, note.c_str());
    }
    return 0;
}
