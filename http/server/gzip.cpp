#include "http/server/gzip.h"

#include <zlib.h>

#include "base/weighted_list.h"

namespace sysmetrics {

namespace {

constexpr int kLevel = 6;  // zlib's default: /metrics text shrinks ~10x
constexpr int kRawDeflate = -15;
constexpr int kMemLevel = 8;

std::optional<std::string> deflateRaw(const std::string& text, int flush) {
    z_stream stream{};
    if (deflateInit2(&stream, kLevel, Z_DEFLATED, kRawDeflate, kMemLevel, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return std::nullopt;
    }
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 16, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, flush);
    const bool ok = flush == Z_FINISH ? status == Z_STREAM_END : status == Z_OK;
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

void appendLittleEndian32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; i++) {
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }
}

std::uint32_t crcOf(const std::string& text) {
    return static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

}  // namespace

std::optional<DeflatedPart> deflatePart(const std::string& text) {
    auto raw = deflateRaw(text, Z_SYNC_FLUSH);
    if (!raw) {
        return std::nullopt;
    }
    return DeflatedPart{std::move(*raw), crcOf(text), text.size()};
}

std::optional<std::string> gzipJoin(const DeflatedPart& head, const std::string& tail) {
    auto tail_raw = deflateRaw(tail, Z_FINISH);
    if (!tail_raw) {
        return std::nullopt;
    }
    static const char kHeader[] = {'\x1f', '\x8b', '\x08', 0, 0, 0, 0, 0, 0, '\xff'};
    std::string out(kHeader, sizeof kHeader);
    out.reserve(sizeof kHeader + head.raw.size() + tail_raw->size() + 8);
    out += head.raw;
    out += *tail_raw;
    const auto crc = crc32_combine(head.crc, crcOf(tail), static_cast<z_off_t>(tail.size()));
    appendLittleEndian32(out, static_cast<std::uint32_t>(crc));
    appendLittleEndian32(out, static_cast<std::uint32_t>((head.size + tail.size()) & 0xffffffffu));
    return out;
}

bool acceptsGzip(const std::string& accept_encoding) {
    // An explicit "gzip" decides; otherwise "*" does; a q of 0 means "not acceptable".
    std::optional<bool> gzip;
    std::optional<bool> any;
    for (const auto& item : parseWeightedList(accept_encoding)) {
        if (item.value == "gzip") {
            gzip = item.q > 0;
        } else if (item.value == "*") {
            any = item.q > 0;
        }
    }
    return gzip ? *gzip : any.value_or(false);
}

}  // namespace sysmetrics
