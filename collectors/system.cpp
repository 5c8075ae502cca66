#include "collectors/system.h"

#include <vector>

#include "base/text_parse.h"

namespace sysmetrics {

VersionNumbers parseVersionNumbers(std::string_view release) {
    std::uint32_t parts[3] = {0, 0, 0};
    std::size_t index = 0;
    std::size_t i = 0;
    while (index < 3 && i < release.size()) {
        const std::size_t start = i;
        while (i < release.size() && release[i] >= '0' && release[i] <= '9') {
            i++;
        }
        const auto value = parseUnsigned(release.substr(start, i - start));
        if (!value) {
            break;
        }
        parts[index++] = static_cast<std::uint32_t>(*value);
        if (i >= release.size() || release[i] != '.') {
            break;
        }
        i++;
    }
    return VersionNumbers{parts[0], parts[1], parts[2]};
}

std::string prettyNameFromOsRelease(std::string_view text) {
    constexpr std::string_view kKey = "PRETTY_NAME=";
    for (std::string_view line : splitLines(text)) {
        line = trim(line);
        if (line.substr(0, kKey.size()) != kKey) {
            continue;
        }
        std::string_view value = line.substr(kKey.size());
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
    }
    return "";
}

std::optional<double> bootTimeFromProcStat(std::string_view text) {
    for (std::string_view line : splitLines(text)) {
        const auto fields = splitFields(line);
        if (fields.size() == 2 && fields[0] == "btime") {
            if (const auto value = parseUnsigned(fields[1])) {
                return static_cast<double>(*value);
            }
        }
    }
    return std::nullopt;
}

std::optional<std::uint64_t> forksFromProcStat(std::string_view text) {
    for (std::string_view line : splitLines(text)) {
        const auto fields = splitFields(line);
        if (fields.size() == 2 && fields[0] == "processes") {
            return parseUnsigned(fields[1]);
        }
    }
    return std::nullopt;
}

std::optional<std::uint64_t> ProcessCountReuse::reuse(std::uint64_t forks,
                                                      std::uint64_t tasks) const {
    if (last_ && last_->forks == forks && last_->tasks == tasks) {
        return last_->count;
    }
    return std::nullopt;
}

std::optional<std::uint64_t> ProcessCountReuse::reuseRecent(std::uint64_t forks,
                                                            std::uint64_t tasks, double now,
                                                            double max_age_seconds,
                                                            double max_task_share) const {
    if (auto certain = reuse(forks, tasks)) {
        return certain;
    }
    if (!last_ || now < last_->at || now - last_->at >= max_age_seconds) {
        return std::nullopt;
    }
    const double moved = tasks > last_->tasks ? static_cast<double>(tasks - last_->tasks)
                                              : static_cast<double>(last_->tasks - tasks);
    if (moved > max_task_share * static_cast<double>(last_->count)) {
        return std::nullopt;
    }
    return last_->count;
}

void ProcessCountReuse::remember(std::uint64_t forks, std::uint64_t tasks, std::uint64_t count,
                                 double now) {
    last_ = Walk{forks, tasks, count, now};
}

std::optional<double> uptimeFromProcUptime(std::string_view text) {
    const auto fields = splitFields(text);
    if (fields.empty()) {
        return std::nullopt;
    }
    return parseDouble(fields[0]);
}

std::optional<std::uint64_t> threadsFromLoadavg(std::string_view text) {
    const auto fields = splitFields(text);
    if (fields.size() < 4) {
        return std::nullopt;
    }
    const auto slash = fields[3].find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    return parseUnsigned(fields[3].substr(slash + 1));
}

double bootTimeFromTicks(double now_seconds, std::uint64_t ticks_ms) {
    return now_seconds - static_cast<double>(ticks_ms) / 1000.0;
}

std::string windowsProductName(const std::string& registry_product, std::uint32_t build) {
    if (registry_product.empty()) {
        return "Windows";
    }
    constexpr std::string_view kTen = "Windows 10";
    if (build >= 22000 && registry_product.compare(0, kTen.size(), kTen) == 0) {
        return "Windows 11" + registry_product.substr(kTen.size());
    }
    return registry_product;
}

}  // namespace sysmetrics
