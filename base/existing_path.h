#pragma once

#include <filesystem>
#include <system_error>

namespace sysmetrics {

// `path` itself when it exists, else the nearest folder above it that does ("" when none does,
// for a relative path none of whose folders exists): what making the missing folders on the way
// would start from.
inline std::filesystem::path nearestExisting(std::filesystem::path path) {
    std::error_code ignored;
    while (!path.empty() && !std::filesystem::exists(path, ignored) && path != path.parent_path()) {
        path = path.parent_path();
    }
    return path;
}

}  // namespace sysmetrics
