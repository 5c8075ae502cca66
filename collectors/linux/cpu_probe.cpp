#include <unistd.h>

#include "base/file_read.h"
#include "base/text_parse.h"
#include "collectors/cpu.h"

namespace sysmetrics {

namespace {

std::optional<double> readKilohertzAsMhz(const std::string& path) {
    auto text = readTextFile(path);
    if (!text.ok()) {
        return std::nullopt;
    }
    const auto khz = parseUnsigned(trim(text.value()));
    if (!khz) {
        return std::nullopt;
    }
    return static_cast<double>(*khz) / 1000.0;
}

class LinuxCpuSource : public CpuSource {
public:
    LinuxCpuSource() : ticks_per_second_(static_cast<double>(sysconf(_SC_CLK_TCK))) {
        // /proc/cpuinfo is static and slow to read on large machines: once is enough.
        if (auto text = readTextFile("/proc/cpuinfo"); text.ok()) {
            info_ = cpuInfoFromProcCpuinfo(text.value());
        }
        const std::string base = "/sys/devices/system/cpu/cpu0/cpufreq/";
        info_.base_mhz = readKilohertzAsMhz(base + "base_frequency");
        if (!info_.base_mhz) {
            info_.base_mhz = readKilohertzAsMhz(base + "cpuinfo_max_freq");
        }
        if (!info_.base_mhz) {
            notes_.push_back("CPU frequency unavailable: no /sys/devices/system/cpu/*/cpufreq");
        }
    }

    Result<CpuSample> read() override {
        auto stat = readTextFile("/proc/stat");
        if (!stat.ok()) {
            return stat.error();
        }
        auto sample = cpuSampleFromProcStat(stat.value(), ticks_per_second_);
        if (!sample.ok()) {
            return sample.error();
        }
        if (auto loadavg = readTextFile("/proc/loadavg"); loadavg.ok()) {
            applyLoadavg(loadavg.value(), sample.value());
        }
        const std::uint32_t online = sample->info.logical_processors;
        sample->info = info_;
        sample->info.logical_processors = online;
        if (info_.base_mhz) {
            for (auto& core : sample->cores) {
                core.frequency_mhz = readKilohertzAsMhz("/sys/devices/system/cpu/cpu" + core.id +
                                                        "/cpufreq/scaling_cur_freq");
            }
        }
        return sample;
    }

    std::vector<std::string> notes() const override { return notes_; }

private:
    double ticks_per_second_;
    CpuInfo info_;
    std::vector<std::string> notes_;
};

}  // namespace

std::unique_ptr<CpuSource> makeCpuSource() {
    return std::make_unique<LinuxCpuSource>();
}

}  // namespace sysmetrics
