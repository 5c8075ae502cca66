#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"

namespace sysmetrics {

struct CommandLine {
    // run (the default), check-config, default-config, and on Windows the service subcommands
    // install, uninstall, start, stop, status.
    std::string command = "run";
    bool help = false;
    bool version = false;
    bool console = false;
    std::optional<std::string> config_path;
    std::optional<std::string> listen;
    std::optional<std::string> log_level;
    std::optional<std::string> log_file;
    std::optional<std::vector<std::string>> collectors;
    std::vector<std::pair<std::string, double>> intervals;
    // Subcommand options (install): --start-type, --account.
    std::optional<std::string> start_type;
    std::optional<std::string> account;
    std::optional<bool> firewall;  // install: --firewall (the default) / --no-firewall
    // Test-only fault injection: the named collector blocks forever in collect().
    std::optional<std::string> fault_hang_collector;
    // Test-only: these OS entry points act as missing (see base/fault_injection.h).
    std::vector<std::string> fault_missing_apis;
};

ConfigResult<CommandLine> parseCommandLine(const std::vector<std::string>& args);

// `defaults`, then the config file (the explicit one must exist; the default one may be
// absent), then the flags. Every failure names the key or flag at fault.
ConfigResult<Config> resolveConfig(const CommandLine& command_line, Config defaults,
                                   const std::string& default_config_path);

std::string usageText(const std::string& default_config_path,
                      const std::vector<std::string>& collectors);

}  // namespace sysmetrics
