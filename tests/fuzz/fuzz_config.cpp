// libFuzzer: the config file parser and the command line, fed arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "config/command_line.h"
#include "config/config.h"
#include "service/collector_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto config = sysmetrics::applyConfigJson(sysmetrics::defaultConfig(), text, "fuzz");
    if (config.ok()) {
        sysmetrics::applyConfigJson(sysmetrics::defaultConfig(), sysmetrics::defaultConfigJson(),
                                    "again");
    }
    // The same bytes as NUL-separated arguments.
    std::vector<std::string> args;
    std::string current;
    for (char c : text) {
        if (c == '\0') {
            args.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    args.push_back(current);
    auto line = sysmetrics::parseCommandLine(args);
    if (line.ok()) {
        line.value().config_path.reset();
        sysmetrics::resolveConfig(line.value(), sysmetrics::defaultConfig(),
                                  "/nonexistent/sysmetrics-fuzz.json");
    }
    sysmetrics::parseListenAddress(text);
    return 0;
}
