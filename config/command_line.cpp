#include "config/command_line.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "base/file_read.h"
#include "base/text_parse.h"
#include "config/exporter_names.h"
#include "config/web_config_json.h"

namespace sysmetrics {

namespace {

const char* const kCommands[] = {
    "run",     "check-config",      "default-config", "hash-password", "generate-token",
    "install", "uninstall",         "start",          "stop",          "status",
    "reload",  "configure-install", "cleanup-install"};

bool isCommand(const std::string& word) {
    for (const char* command : kCommands) {
        if (word == command) {
            return true;
        }
    }
    return false;
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::string item;
    std::istringstream stream(text);
    while (std::getline(stream, item, ',')) {
        const std::string trimmed(trim(item));
        if (!trimmed.empty()) {
            items.push_back(trimmed);
        }
    }
    return items;
}

ConfigResult<std::pair<std::string, double>> parseIntervalFlag(const std::string& text) {
    const auto equals = text.find('=');
    const auto seconds =
        equals == std::string::npos ? std::nullopt : parseDouble(text.substr(equals + 1));
    if (equals == 0 || !seconds) {
        return ConfigError{"flag --interval '" + text + "' must be NAME=SECONDS, such as memory=5"};
    }
    return std::make_pair(text.substr(0, equals), *seconds);
}

struct FileText {
    bool found = false;
    std::string text;
    std::string error;
};

// Read as every file the configuration names is (base/file_read.h): a regular file of bounded size.
FileText readConfigFile(const std::string& path) {
    FileText result;
    std::error_code ec;
    const auto fs_path = std::filesystem::u8path(path);
    const bool exists = std::filesystem::exists(fs_path, ec);
    if (ec) {  // a folder on the way that may not be searched is not "no such file"
        result.found = true;
        result.error = "cannot be reached: " + ec.message();
        return result;
    }
    if (!exists) {
        return result;
    }
    result.found = true;
    auto text = readConfiguredFile(path, "a config file");
    if (!text.ok()) {
        const Error& error = text.error();
        result.error = error.code == ErrorCode::access_denied ? "cannot be opened (permissions?)"
                                                              : configuredFileFailure(error);
        return result;
    }
    result.text = std::move(text).value();
    return result;
}

}  // namespace

ConfigResult<CommandLine> parseCommandLine(const std::vector<std::string>& args) {
    CommandLine line;
    std::size_t i = 0;
    if (i < args.size() && !args[i].empty() && args[i][0] != '-') {
        if (!isCommand(args[i])) {
            return ConfigError{"unknown command '" + args[i] +
                               "' (commands: run, check-config, default-config, hash-password, "
                               "generate-token, install, uninstall, start, stop, status, reload, "
                               "configure-install, cleanup-install; see --help)"};
        }
        line.command = args[i++];
    }
    // A flag given twice is refused rather than the last one winning silently: an admin who adds
    // --listen to a service command line that has one already would otherwise not see which runs.
    std::map<std::string, std::string> given;  // key (--firewall for both spellings) -> spelling
    for (; i < args.size(); i++) {
        std::string flag = args[i];
        std::optional<std::string> inline_value;
        if (const auto equals = flag.find('=');
            flag.rfind("--", 0) == 0 && equals != std::string::npos) {
            inline_value = flag.substr(equals + 1);
            flag = flag.substr(0, equals);
        }
        auto value = [&]() -> ConfigResult<std::string> {
            if (inline_value) {
                return *inline_value;
            }
            if (i + 1 >= args.size()) {
                return ConfigError{"flag " + flag + " needs a value"};
            }
            return args[++i];
        };
        auto takeInto = [&](std::optional<std::string>& target) -> ConfigStatus {
            auto v = value();
            if (!v.ok()) {
                return v.error();
            }
            target = v.value();
            return {};
        };
        ConfigStatus status;
        static const char* const kBareFlags[] = {"--help", "--version", "--console",
                                                 "--no-firewall"};
        if (inline_value &&
            std::find(std::begin(kBareFlags), std::end(kBareFlags), flag) != std::end(kBareFlags)) {
            return ConfigError{"flag " + flag + " takes no value (given '" + args[i] + "')"};
        }
        static const char* const kRepeatable[] = {"--help", "-h", "--version",
                                                  "--fault-missing-api", "--interval"};
        if (std::find(std::begin(kRepeatable), std::end(kRepeatable), flag) ==
            std::end(kRepeatable)) {
            const std::string key = flag == "--no-firewall" ? "--firewall" : flag;
            const auto [earlier, first] = given.emplace(key, flag);
            if (!first) {
                const std::string spellings =
                    earlier->second == flag ? ""
                                            : " (as " + earlier->second + ", then " + flag + ")";
                return ConfigError{"flag " + key + " is given twice" + spellings +
                                   ": give it once"};
            }
        }
        if (flag == "--help" || flag == "-h") {
            line.help = true;
        } else if (flag == "--version") {
            line.version = true;
        } else if (flag == "--console") {
            line.console = true;
        } else if (flag == "--config") {
            status = takeInto(line.config_path);
        } else if (flag == "--listen") {
            status = takeInto(line.listen);
        } else if (flag == "--log-level") {
            status = takeInto(line.log_level);
        } else if (flag == "--log-file") {
            status = takeInto(line.log_file);
        } else if (flag == "--start-type") {
            status = takeInto(line.start_type);
        } else if (flag == "--account") {
            status = takeInto(line.account);
        } else if (flag == "--firewall") {
            // Bare, or with a value as the MSI passes its FIREWALL property: --firewall=0.
            const std::string v = lowerAscii(inline_value.value_or("1"));
            if (v == "1" || v == "yes" || v == "true") {
                line.firewall = true;
            } else if (v == "0" || v == "no" || v == "false" || v.empty()) {
                line.firewall = false;
            } else {
                return ConfigError{"flag --firewall takes 1 or 0, not '" + *inline_value + "'"};
            }
        } else if (flag == "--no-firewall") {
            line.firewall = false;
        } else if (flag == "--fault-hang-collector") {
            status = takeInto(line.fault_hang_collector);
        } else if (flag == "--fault-missing-api") {
            std::optional<std::string> name;
            status = takeInto(name);
            if (status.ok()) {
                line.fault_missing_apis.push_back(*name);
            }
        } else if (flag == "--collectors") {
            std::optional<std::string> list;
            status = takeInto(list);
            if (status.ok()) {
                line.collectors = splitList(*list);
            }
        } else if (flag == "--interval") {
            std::optional<std::string> text;
            status = takeInto(text);
            if (status.ok()) {
                auto parsed = parseIntervalFlag(*text);
                if (!parsed.ok()) {
                    return parsed.error();
                }
                for (const auto& [name, seconds] : line.intervals) {
                    if (name == parsed.value().first) {
                        return ConfigError{"flag --interval gives collector '" + name +
                                           "' twice: give it once"};
                    }
                }
                line.intervals.push_back(parsed.value());
            }
        } else {
            return ConfigError{"unknown flag '" + args[i] + "' (see --help)"};
        }
        if (!status.ok()) {
            return status.error();
        }
    }
    return line;
}

ConfigResult<Config> resolveConfig(const CommandLine& line, Config defaults,
                                   const std::string& default_path) {
    Config config = std::move(defaults);
    const std::string path = line.config_path.value_or(default_path);
    const FileText file = readConfigFile(path);
    if (!file.found && line.config_path) {
        return ConfigError{"config file '" + path + "' does not exist"};
    }
    if (file.found) {
        if (!file.error.empty()) {
            return ConfigError{"config file '" + path + "' " + file.error};
        }
        auto applied = applyConfigJson(std::move(config), file.text, "config file '" + path + "'");
        if (!applied.ok()) {
            return applied.error();
        }
        config = std::move(applied).value();
        config.source_path = path;
    }

    if (line.listen) {
        auto listen = parseListenAddress(*line.listen);
        if (!listen.ok()) {
            return ConfigError{"flag --listen: " + listen.error().message};
        }
        config.listen = listen.value();
    }
    if (line.log_level) {
        if (!isValidLogLevel(*line.log_level)) {
            return ConfigError{"flag --log-level '" + *line.log_level +
                               "' must be one of trace, debug, info, warn, error, critical, off"};
        }
        config.log_level = *line.log_level;
    }
    if (line.log_file) {
        config.log_file = *line.log_file;
    }
    if (line.collectors) {
        auto wanted =
            resolveCollectorList(*line.collectors, config.knownCollectors(), "flag --collectors");
        if (!wanted.ok()) {
            return wanted.error();
        }
        for (auto& [name, collector] : config.collectors) {
            collector.enabled = std::find(wanted.value().begin(), wanted.value().end(), name) !=
                                wanted.value().end();
        }
    }
    if (line.fault_hang_collector) {
        config.fault_hang_collector = *line.fault_hang_collector;
    }
    for (const auto& [name, seconds] : line.intervals) {
        auto it = config.collectors.find(name);
        if (it == config.collectors.end()) {
            return ConfigError{"flag --interval: unknown collector '" + name + "'"};
        }
        auto interval = parseInterval("flag --interval " + name, seconds);
        if (!interval.ok()) {
            return interval.error();
        }
        it->second.interval = interval.value();
    }
    if (auto status = checkWebConfig(config, "flag --listen"); !status.ok()) {
        return status.error();
    }
    return config;
}

std::string usageText(const std::string& default_config_path,
                      const std::vector<std::string>& collector_names) {
    std::string collectors;
    for (const auto& name : collector_names) {
        collectors += collectors.empty() ? "" : ", ";
        collectors += name;
    }
    return "Usage: sysmetrics [COMMAND] [FLAGS]\n"
           "\n"
           "Serves host metrics over HTTP: Prometheus at /metrics, REST JSON at /api/v1/.\n"
           "\n"
           "Commands:\n"
           "  run              run the service (the default). On Windows without --console it\n"
           "                   expects to be started by the Service Control Manager.\n"
           "  check-config     load and validate the configuration, print it, and exit\n"
           "  default-config   print the default configuration file\n"
           "  hash-password    read a password on standard input, print its salted hash for\n"
           "                   web.auth.users\n"
           "  generate-token   print a new random bearer token and its hash for web.auth.tokens\n"
           "  install          (Windows) register the service; takes --start-type, --account\n"
           "  uninstall        (Windows) stop and remove the service\n"
           "  start | stop     (Windows) start or stop the installed service and wait\n"
           "  status           (Windows) show the installed service's state\n"
           "  reload           (Windows) make the running service read its configuration again\n"
           "                   (sc control sysmetrics paramchange; on Linux: kill -HUP)\n"
           "  configure-install (Windows) what the MSI runs after installing: restart on\n"
           "                   failure, delayed start, the secured data folder, the firewall rule\n"
           "  cleanup-install  (Windows) what the MSI runs when removing: the firewall rule\n"
           "\n"
           "Flags (override the config file):\n"
           "  --config PATH          config file (default: " +
           default_config_path +
           ", used if present)\n"
           "  --listen HOST:PORT     listen address (default 0.0.0.0:9185)\n"
           "  --log-level LEVEL      trace, debug, info, warn, error, critical, off\n"
           "  --log-file PATH        also log to this file\n"
           "  --collectors LIST      enable only these, comma-separated (" +
           collectors +
           ",\n"
           "                         or windows_exporter's names: logical_disk, net, os, ...)\n"
           "  --interval NAME=SECS   collection interval of one collector (repeatable)\n"
           "  --console              run in the foreground (Ctrl+C stops)\n"
           "  --start-type TYPE      install: auto, delayed or manual (default auto)\n"
           "  --account NAME         install: LocalSystem, LocalService or NetworkService\n"
           "  --firewall / --no-firewall  install: add an inbound Windows Firewall rule for the\n"
           "                         listen port (default), or not\n"
           "  --fault-hang-collector NAME  test only: that collector never returns\n"
           "  --fault-missing-api NAME     test only: act as if this OS entry point were missing\n"
           "  --version              print the version and exit\n"
           "  --help                 this text\n"
           "\n"
           "Exit codes: 0 success, 1 runtime failure, 2 invalid configuration or usage.\n";
}

}  // namespace sysmetrics
