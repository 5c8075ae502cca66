#include "config/file_trust.h"

namespace sysmetrics {

std::vector<ConfiguredFile> configuredFiles(const Config& config) {
    std::vector<ConfiguredFile> files;
    const auto add = [&](const char* what, const std::string& path, bool written = false) {
        if (!path.empty()) {
            files.push_back({what, path, written});
        }
    };
    add("config file", config.source_path);
    add("TLS certificate", config.web.tls.cert_file);
    add("TLS key", config.web.tls.key_file);
    add("TLS client CA", config.web.tls.client_ca_file);
    add("log file", config.log_file, true);
    return files;
}

}  // namespace sysmetrics
