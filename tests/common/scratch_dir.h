#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace sysmetrics::test {

// A folder of one's own under the system's temp folder, removed with everything in it. Tests run
// in parallel (and beside other runs of themselves), so a fixed name in the shared temp folder, or
// a path such as "/nonexistent" that anybody may create, is not theirs to rely on.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("sysmetrics-test-" + std::to_string(random()) + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace sysmetrics::test
