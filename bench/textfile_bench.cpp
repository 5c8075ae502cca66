// Textfile collector cost: writes FILES x SERIES (default 100 x 100) into a fresh directory,
// then times whole collection cycles through the real probe (list, read, parse, merge, render
// the families) and the /metrics cost per scrape through the Router, with and without those
// families in the snapshot (scrapes of one snapshot version, then one render per new version).
// node_exporter's anchor: it re-reads and re-parses every file on every scrape.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "collectors/textfile.h"
#include "config/textfile_settings.h"
#include "http/router.h"
#include "service/app.h"
#include "service/collector_catalog.h"

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Stats {
    double median;
    double p95;
};

Stats stats(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return {values[values.size() / 2],
            values[std::min(values.size() - 1, values.size() * 95 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
    int files = 100, series = 100, cycles = 50, scrapes = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const int value = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--files") == 0) {
            files = value;
        } else if (std::strcmp(argv[i], "--series") == 0) {
            series = value;
        } else if (std::strcmp(argv[i], "--cycles") == 0) {
            cycles = value;
        } else {
            std::fprintf(stderr, "usage: textfile_bench [--files N] [--series N] [--cycles N]\n");
            return 2;
        }
    }
    using namespace sysmetrics;
    namespace fs = std::filesystem;
    const fs::path dir =
        fs::temp_directory_path() /
        ("sysmetrics-textfile-bench-" + std::to_string(Clock::now().time_since_epoch().count()));
    fs::create_directories(dir);
    // Every file, with values that differ from one `round` to the next.
    const auto writeFiles = [&](int round) {
        std::uint64_t written = 0;
        for (int f = 0; f < files; f++) {
            std::ofstream out(dir / ("job" + std::to_string(f) + ".prom"), std::ios::binary);
            std::string text = "# HELP bench_job" + std::to_string(f) +
                               "_items Items handled by a batch job, by shard.\n# TYPE bench_job" +
                               std::to_string(f) + "_items gauge\n";
            for (int s = 0; s < series; s++) {
                text += "bench_job" + std::to_string(f) + "_items{shard=\"" + std::to_string(s) +
                        "\",host=\"web-01.example.com\"} " + std::to_string(s * 1.5 + f + round) +
                        "\n";
            }
            written += text.size();
            out << text;
        }
        return written;
    };
    const std::uint64_t bytes = writeFiles(0);
    // Last written a minute ago, as a script's files usually are when collected: the probe then
    // trusts an unchanged listing (collectors/textfile_skip.h) instead of reading every file.
    for (int f = 0; f < files; f++) {
        fs::last_write_time(dir / ("job" + std::to_string(f) + ".prom"),
                            fs::file_time_type::clock::now() - std::chrono::minutes(1));
    }

    Config config = defaultConfig();
    auto settings = std::make_shared<TextfileSettings>(config.settings.get<TextfileSettings>());
    settings->directories = {dir.string()};
    config.settings.set(TextfileSettings::kCollector, std::move(settings));
    auto collector = makeCollector("textfile", config);
    // Cycles over unchanged files (the common case: scripts rewrite them every few minutes,
    // collection runs every 15 s), then cycles after every file was rewritten.
    std::vector<double> cycle_ms;
    std::vector<double> cycle_cpu_ms;
    std::vector<double> changed_ms;
    std::vector<double> changed_cpu_ms;
    SectionPtr section;
    for (int c = 0; c < 2 * cycles; c++) {
        const bool changed = c >= cycles;
        if (changed) {
            writeFiles(c);
        }
        const auto start = Clock::now();
        const std::clock_t cpu_start = std::clock();
        auto result = collector->collect();
        (changed ? changed_cpu_ms : cycle_cpu_ms)
            .push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
        (changed ? changed_ms : cycle_ms).push_back(msSince(start));
        if (!result.ok()) {
            std::fprintf(stderr, "collect failed: %s\n", result.error().describe().c_str());
            return 1;
        }
        section = result.value();
    }
    const auto* textfile = dynamic_cast<const TextfileSection*>(section.get());
    std::size_t served = 0;
    for (const auto& file : textfile->files) {
        served += file.error.empty() ? file.series : 0;
    }
    std::printf("textfile: %d files x %d series (%.0f KiB), %zu series served\n", files, series,
                static_cast<double>(bytes) / 1024.0, served);
    std::printf(
        "  collection cycle, wall and CPU time (CPU is what a loaded machine does not"
        " inflate); target < 5 ms:\n");
    for (bool changed : {false, true}) {
        const Stats wall = stats(changed ? changed_ms : cycle_ms);
        const Stats cpu = stats(changed ? changed_cpu_ms : cycle_cpu_ms);
        std::printf(
            "    %-44s wall median %6.2f ms p95 %6.2f ms | CPU median %6.2f ms p95 %6.2f ms\n",
            changed ? "every file rewritten (list, read, parse, merge):"
                    : "files unchanged (list, merge):",
            wall.median, wall.p95, cpu.median, cpu.p95);
    }

    // /metrics per scrape: the same snapshot version is served from the cache whether or not
    // it carries the textfile families; a new version renders once.
    for (bool with_textfile : {false, true}) {
        auto store = std::make_shared<SnapshotStore>();
        for (const char* name : {"memory", "system", "cpu"}) {
            auto other = makeCollector(name, config);
            auto result = other->collect();
            CollectorStatus status;
            status.name = name;
            status.state = result.ok() ? CollectorState::ok : CollectorState::failing;
            store->publish(status, result.ok() ? result.value() : nullptr);
        }
        if (with_textfile) {
            CollectorStatus status;
            status.name = "textfile";
            status.state = CollectorState::ok;
            store->publish(status, section);
        }
        Router router(store, RenderContext(platformNaming()), RuntimeInfo{}, catalogHttp());
        HttpRequest request;
        request.method = "GET";
        request.path = "/metrics";
        std::size_t size = router.handle(request).body.size();
        std::vector<double> scrape_ms;
        for (int s = 0; s < scrapes; s++) {
            const auto start = Clock::now();
            size = router.handle(request).body.size();
            scrape_ms.push_back(msSince(start));
        }
        std::vector<double> render_ms;
        for (int s = 0; s < 20; s++) {
            CollectorStatus status;
            status.name = "memory";
            status.state = CollectorState::ok;
            store->publish(status, store->current()->sections.at("memory"));  // a new version
            const auto start = Clock::now();
            router.handle(request);
            render_ms.push_back(msSince(start));
        }
        const Stats scrape = stats(scrape_ms);
        const Stats render = stats(render_ms);
        std::printf(
            "  /metrics %-17s %7zu bytes: per scrape (cached version) median %.3f ms,"
            " p95 %.3f ms; per new version median %.2f ms\n",
            with_textfile ? "with textfile:" : "without textfile:", size, scrape.median, scrape.p95,
            render.median);
    }
    std::printf("  anchor: node_exporter re-reads and re-parses every file on every scrape\n");
    fs::remove_all(dir);
    return 0;
}
