#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sysmetrics {

// gzip for /metrics without compressing the same text twice: the snapshot's text is deflated
// once per version (ending on a byte-aligned sync flush, not a final block), and each response
// appends its small per-request tail as a separate deflate run, then the gzip trailer with the
// CRC of the whole (crc32_combine). Independent deflate runs may follow one another in one
// stream, as pigz does.
struct DeflatedPart {
    std::string raw;  // raw deflate data, no header, not final
    std::uint32_t crc = 0;
    std::uint64_t size = 0;  // uncompressed bytes
};

std::optional<DeflatedPart> deflatePart(const std::string& text);
// A complete gzip member: header, `head`, `tail` deflated with a final block, trailer.
std::optional<std::string> gzipJoin(const DeflatedPart& head, const std::string& tail);

// True when an Accept-Encoding header allows gzip (a q of 0 refuses it).
bool acceptsGzip(const std::string& accept_encoding);

}  // namespace sysmetrics
