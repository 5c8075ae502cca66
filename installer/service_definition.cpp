#include "installer/service_definition.h"

namespace sysmetrics {

namespace {
std::string quotedArgument(const std::string& text) {
    return "\"" + text + "\"";
}
}  // namespace

ConfigResult<ServiceDefinition> makeServiceDefinition(const CommandLine& line,
                                                      const std::string& exe_path,
                                                      const std::string& default_config_path) {
    ServiceDefinition def;
    def.exe_path = exe_path;
    const std::string start = line.start_type.value_or("auto");
    if (start == "auto") {
        def.start_type = StartType::automatic;
    } else if (start == "delayed") {
        def.start_type = StartType::delayed;
    } else if (start == "manual") {
        def.start_type = StartType::manual;
    } else {
        return ConfigError{"flag --start-type '" + start + "' must be auto, delayed or manual"};
    }
    const std::string account = line.account.value_or("LocalSystem");
    if (account == "LocalSystem") {
        def.account_name = "LocalSystem";
    } else if (account == "LocalService") {
        def.account_name = "NT AUTHORITY\\LocalService";
    } else if (account == "NetworkService") {
        def.account_name = "NT AUTHORITY\\NetworkService";
    } else {
        return ConfigError{"flag --account '" + account +
                           "' must be LocalSystem, LocalService or NetworkService"};
    }
    def.config_path = line.config_path.value_or(default_config_path);
    if (def.config_path.find('"') != std::string::npos || exe_path.find('"') != std::string::npos) {
        return ConfigError{"paths with a double quote cannot be used in a service command line"};
    }
    def.command_line = quotedArgument(exe_path) + " --config " + quotedArgument(def.config_path);
    if (line.listen) {
        auto listen = parseListenAddress(*line.listen);
        if (!listen.ok()) {
            return ConfigError{"flag --listen: " + listen.error().message};
        }
        def.command_line += " --listen " + listen->text();
    }
    if (line.log_level) {
        if (!isValidLogLevel(*line.log_level)) {
            return ConfigError{"flag --log-level '" + *line.log_level + "' is not a log level"};
        }
        def.command_line += " --log-level " + *line.log_level;
    }
    if (line.log_file) {
        def.command_line += " --log-file " + quotedArgument(*line.log_file);
    }
    return def;
}

}  // namespace sysmetrics
