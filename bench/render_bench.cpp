// Render cost of /metrics: collects once from the real OS (every collector, processes with
// per-process connections), then times /metrics through the Router with the per-version cache
// (same snapshot, repeated scrapes) and without it (a new snapshot version for every scrape).
// Prints bytes, time per render, and on glibc the heap in use before and at the peak of a render.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "base/clock.h"
#include "config/connection_settings.h"
#include "http/router.h"
#include "service/app.h"
#include "service/collector_catalog.h"

namespace {

double heapInUseMiB() {
#if defined(__GLIBC__)
    const struct mallinfo2 info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
#else
    return 0;
#endif
}

double msSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace

int main(int argc, char** argv) {
    int scrapes = 50;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--scrapes") == 0 && i + 1 < argc) {
            scrapes = std::max(1, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: render_bench [--scrapes N]\n");
            return 2;
        }
    }
    using namespace sysmetrics;
    Config config = defaultConfig();
    auto connections = std::make_shared<ConnectionSettings>();
    connections->per_process = true;
    config.settings.set(ConnectionSettings::kCollector, connections);
    auto store = std::make_shared<SnapshotStore>();
    std::vector<std::pair<CollectorStatus, SectionPtr>> collected;
    for (const auto& name : config.enabledCollectors()) {
        auto collector = makeCollector(name, config);
        auto result = collector->collect();
        CollectorStatus status;
        status.name = name;
        status.state = result.ok() ? CollectorState::ok : CollectorState::failing;
        status.last_success = wallSeconds();
        status.interval_seconds = 15;
        if (result.ok()) {
            collected.emplace_back(status, result.value());
            store->publish(status, result.value());
        } else {
            store->publish(status, nullptr);
        }
    }
    RenderContext context(platformNaming());
    context.settings = config.settings;
    Router router(store, std::move(context),
                  RuntimeInfo{"bench", "bench", wallSeconds(), "", "", ""}, catalogHttp());
    const double heap_before = heapInUseMiB();
    double heap_peak = heap_before;
    std::printf("%-30s %12s %14s\n", "/metrics", "bytes", "ms_per_scrape");
    for (const bool gzip : {false, true}) {
        HttpRequest request;
        request.path = "/metrics";
        if (gzip) {
            request.headers["accept-encoding"] = "gzip";
        }
        std::size_t bytes = router.handle(request).body.size();  // fills the cache
        auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < scrapes; i++) {
            bytes = router.handle(request).body.size();
        }
        const double cached_ms = msSince(start) / scrapes;
        double uncached_ms = 0;
        for (int i = 0; i < scrapes; i++) {
            const auto& [status, section] =
                collected[static_cast<std::size_t>(i) % collected.size()];
            store->publish(status, section);  // a new version: the cache misses
            start = std::chrono::steady_clock::now();
            HttpResponse response = router.handle(request);
            uncached_ms += msSince(start);
            heap_peak = std::max(heap_peak, heapInUseMiB());
            bytes = response.body.size();
        }
        uncached_ms /= scrapes;
        const std::string suffix = gzip ? ", gzip)" : ")";
        std::printf("%-30s %12zu %14.3f\n", ("cached (same version" + suffix).c_str(), bytes,
                    cached_ms);
        std::printf("%-30s %12zu %14.3f\n", ("uncached (new version" + suffix).c_str(), bytes,
                    uncached_ms);
    }
#if defined(__GLIBC__)
    std::printf(
        "heap in use: %.1f MiB with the snapshot and cache; %.1f MiB at most after a "
        "render (the cache holds one rendering)\n",
        heap_before, heap_peak);
#endif
    return 0;
}
