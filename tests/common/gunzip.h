#pragma once
// Inflating a gzip body in tests, with zlib's own gzip decoder, as any client would.

#include <zlib.h>

#include <optional>
#include <string>

namespace sysmetrics::test {

// Inflates a whole gzip member with zlib's own gzip decoder, as any client would.
inline std::optional<std::string> gunzip(const std::string& data) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + 15) != Z_OK) {
        return std::nullopt;
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[16384];
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    const bool whole = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    return whole ? std::optional<std::string>(out) : std::nullopt;  // CRC and size checked
}

}  // namespace sysmetrics::test
