#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/collector_schema.h"

namespace sysmetrics {

// collectors.textfile: *.prom files written by other programs, served with our metrics.
struct TextfileSettings : CollectorSettings {
    static constexpr const char* kCollector = "textfile";
    static constexpr std::uint64_t kMaxFileBytesLimit = 256ULL * 1024 * 1024;

    std::vector<std::string> directories;  // empty = the platform's default directory
    std::uint64_t max_file_bytes = 4 * 1024 * 1024;

    static std::vector<std::string> keys() { return {"directories", "max_file_bytes"}; }
    ConfigStatus apply(const std::string& key, const nlohmann::json& value,
                       const std::string& origin, const std::string& path);
    nlohmann::json toJson() const;
};

}  // namespace sysmetrics
