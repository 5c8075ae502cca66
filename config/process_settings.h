#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/safe_regex.h"
#include "config/collector_schema.h"

namespace sysmetrics {

// collectors.processes: which processes become Prometheus series, and what is read of them.
struct ProcessSettings : CollectorSettings {
    static constexpr const char* kCollector = "processes";

    // Per-process series on /metrics: off unless asked for, or unless include, exclude, limit or
    // cmdline_label are set (a file written before they were opt-in keeps its series).
    std::optional<bool> per_process;
    bool perProcessSeries() const {
        return per_process.value_or(include || exclude || limit > 0 || cmdline_label);
    }

    std::optional<SafeRegex> include;  // on the name; none = every process
    std::optional<SafeRegex> exclude;  // on the name; none = no process
    bool cmdline_label = false;
    // windows_process_info's process_group_id read from each new process's memory (needs
    // PROCESS_VM_READ, which security tools watch; never on LSASS); "0" when off, as
    // windows_exporter writes it for a process it cannot read.
    bool process_group_id = false;
    std::uint32_t limit = 0;       // export at most this many processes (0 = all)
    bool limit_by_memory = false;  // which ones the limit keeps: by memory, else by CPU
    bool threads = kThreadsByDefault;
    bool redact_cmdline = true;              // hide values of secret-looking arguments
    std::vector<SafeRegex> redact_patterns;  // extra patterns whose matches are hidden
#ifdef _WIN32
    static constexpr bool kThreadsByDefault = true;  // free: they come with the process table
#else
    static constexpr bool kThreadsByDefault = false;  // one /proc file per thread per cycle
#endif

    static std::vector<std::string> keys();
    ConfigStatus apply(const std::string& key, const nlohmann::json& value,
                       const std::string& origin, const std::string& path);
    nlohmann::json toJson() const;
};

}  // namespace sysmetrics
