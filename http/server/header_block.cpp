#include "http/server/header_block.h"

namespace sysmetrics {

HeaderScan scanHeaderBlock(std::string_view bytes, const HeaderLimits& limits) {
    HeaderScan scan;
    std::size_t lines = 0;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i >= limits.max_bytes) {
            scan.state = HeaderScan::State::too_large;
            return scan;
        }
        if (bytes[i] != '\n') {
            continue;
        }
        const std::size_t length = i - line_start;  // without the LF
        const bool blank = length == 0 || (length == 1 && bytes[line_start] == '\r');
        if (blank && lines > 0) {
            scan.state = HeaderScan::State::complete;
            scan.end = i + 1;
            return scan;
        }
        if (++lines > limits.max_lines) {
            scan.state = HeaderScan::State::too_many_lines;
            return scan;
        }
        line_start = i + 1;
    }
    if (bytes.size() >= limits.max_bytes) {
        scan.state = HeaderScan::State::too_large;
    }
    return scan;
}

}  // namespace sysmetrics
