// The portable part of the Windows process cycle: parsing one
// NtQuerySystemInformation(SystemProcessInformation) buffer, built to the documented 64-bit
// layout, of N processes (default 1,000) with T threads each (default 12, a typical desktop
// or server mean). Prints the CPU time per process (mean over the rounds), with and without
// threads. A benchmark that
// prints figures, not a pass/fail test; it runs on both builds (natively and under Wine).
// --step runs one step alone, so a profiler's counts (callgrind) belong to that step only.
//
// Storage as the service keeps it. The Windows source refills its listing in place
// (refillNtProcesses) over the rows of the section published two cycles before, which the
// collector hands back once no one holds it: so the parse step here writes over two listings
// by turns, each filled two rounds before, not a vector kept hot or one allocated afresh. The
// cycle steps run the collector itself with a source that keeps storage as the Windows one
// does, and hold each published section until the next one, as the snapshot store does.
//   nt_parse_bench [--processes N] [--threads T] [--rounds R]
//                  [--step parse-skipped|parse-kept|cycle-skipped|cycle-kept]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/cpu_time.h"
#include "collectors/process.h"
#include "collectors/process_collector.h"
#include "tests/support/nt_process_buffer.h"

namespace {

// What the Windows source does after its one NtQuerySystemInformation call, with the call's
// buffer given: so a cycle of the collector measures every portable step (parse, identity
// cache, CPU deltas, sort), none of the OS's.
class BufferSource : public sysmetrics::ProcessSource {
public:
    BufferSource(const std::vector<std::uint8_t>& buffer, bool threads)
        : buffer_(buffer), threads_(threads) {}
    sysmetrics::Result<sysmetrics::ProcessList> list() override {
        sysmetrics::ProcessList list;
        list.processes = std::move(storage_);
        sysmetrics::refillNtProcesses(buffer_.data(), buffer_.size(), threads_, list.processes);
        list.logical_cpus = 2;
        list.physical_memory_bytes = std::uint64_t{1} << 34;
        return list;
    }
    Opened details(const sysmetrics::ProcessInfo&) override { return Opened{}; }
    std::vector<sysmetrics::ProcessInfo>* listingStorage() override { return &storage_; }

private:
    const std::vector<std::uint8_t>& buffer_;
    bool threads_;
    std::vector<sysmetrics::ProcessInfo> storage_;
};

}  // namespace

int main(int argc, char** argv) {
    int processes = 1000, threads = 12, rounds = 200;
    std::string step;  // empty: every step
    for (int i = 1; i + 1 < argc; i += 2) {
        const int value = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--step") == 0) {
            step = argv[i + 1];
        } else if (std::strcmp(argv[i], "--processes") == 0) {
            processes = value;
        } else if (std::strcmp(argv[i], "--threads") == 0) {
            threads = value;
        } else if (std::strcmp(argv[i], "--rounds") == 0) {
            rounds = value;
        } else {
            std::fprintf(stderr,
                         "usage: nt_parse_bench [--processes N] [--threads T] [--rounds R]"
                         " [--step parse-skipped|parse-kept|cycle-skipped|cycle-kept]\n");
            return 2;
        }
    }
    if (!step.empty() && step != "parse-skipped" && step != "parse-kept" &&
        step != "cycle-skipped" && step != "cycle-kept") {
        std::fprintf(stderr, "nt_parse_bench: unknown step '%s'\n", step.c_str());
        return 2;
    }
    const auto runs = [&](const char* kind, bool with_threads) {
        return step.empty() || step == std::string(kind) + (with_threads ? "-kept" : "-skipped");
    };
    sysmetrics::NtBufferBuilder builder;
    const std::u16string names[] = {u"svchost.exe", u"RuntimeBroker.exe", u"chrome.exe",
                                    u"sqlservr.exe", u"w3wp.exe"};
    for (int p = 0; p < processes; p++) {
        builder.add({static_cast<std::uint64_t>(4 * (p + 1)), 4, names[p % 5],
                     133485408000000000LL + p, 1000000LL * p, 500000LL * p, std::uint64_t{1} << 24,
                     static_cast<std::uint32_t>(threads)});
    }
    const auto& buffer = builder.build();
    std::printf("buffer: %d processes, %d threads each, %zu bytes\n", processes, threads,
                buffer.size());
    std::printf("%-22s %-8s %8s %12s %16s\n", "step", "threads", "rounds", "cpu_ms_cycle",
                "us_per_process");
    for (const bool with_threads : {false, true}) {
        if (!runs("parse", with_threads)) {
            continue;
        }
        // Two listings by turns, filled once before the clock starts: a steady cycle's.
        std::vector<sysmetrics::ProcessInfo> listings[2];
        for (auto& listing : listings) {
            sysmetrics::refillNtProcesses(buffer.data(), buffer.size(), with_threads, listing);
        }
        std::size_t parsed = 0;
        const double cpu0 = (processCpuSeconds() * 1000);
        for (int r = 0; r < rounds; r++) {
            auto& listing = listings[r % 2];
            sysmetrics::refillNtProcesses(buffer.data(), buffer.size(), with_threads, listing);
            parsed = listing.size();
        }
        const double per_cycle = ((processCpuSeconds() * 1000) - cpu0) / rounds;
        std::printf("%-22s %-8s %8d %12.3f %16.3f%s\n", "parse buffer",
                    with_threads ? "kept" : "skipped", rounds, per_cycle,
                    per_cycle * 1000 / static_cast<double>(parsed),
                    static_cast<int>(parsed) == processes ? "" : "  (parsed count differs!)");
    }
    for (const bool with_threads : {false, true}) {
        if (!runs("cycle", with_threads)) {
            continue;
        }
        sysmetrics::ProcessCollector collector(
            std::make_unique<BufferSource>(buffer, with_threads));
        // The first cycles open every process and fill the storage: not steady ones.
        sysmetrics::SectionPtr published = collector.collect().value();
        published = collector.collect().value();
        const double cpu0 = (processCpuSeconds() * 1000);
        for (int r = 0; r < rounds; r++) {
            published = collector.collect().value();  // held until the next, as the store does
        }
        const double per_cycle = ((processCpuSeconds() * 1000) - cpu0) / rounds;
        std::printf("%-22s %-8s %8d %12.3f %16.3f\n", "steady collector cycle",
                    with_threads ? "kept" : "skipped", rounds, per_cycle,
                    per_cycle * 1000 / processes);
    }
    return 0;
}
