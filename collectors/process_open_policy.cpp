#include "collectors/process_open_policy.h"

#include <cmath>

#include "base/text_parse.h"

namespace sysmetrics {

bool mayReadMemoryOf(std::string_view image_name) {
    const auto slash = image_name.find_last_of("\\/");
    const std::string_view base =
        slash == std::string_view::npos ? image_name : image_name.substr(slash + 1);
    return lowerAscii(base) != "lsass.exe";
}

bool readsProcessMemory(bool command_line_missing, bool process_group_id,
                        std::string_view image_name) {
    return (command_line_missing || process_group_id) && mayReadMemoryOf(image_name);
}

bool sameProcessByCreateTime(double listed_unix_seconds, double opened_unix_seconds) {
    return std::llround(listed_unix_seconds * 1000) == std::llround(opened_unix_seconds * 1000);
}

bool isExitedListing(std::uint32_t pid, std::uint32_t thread_count) {
    return pid != 0 && thread_count == 0;
}

}  // namespace sysmetrics
