#include "collectors/smbios.h"

#include <algorithm>
#include <map>

#include "collectors/nt_layouts.h"

namespace sysmetrics {

namespace {

constexpr std::uint8_t kTypeProcessor = 4;
constexpr std::uint8_t kTypeCache = 7;
constexpr std::uint8_t kTypeEndOfTable = 127;
constexpr std::uint16_t kNoHandle = 0xFFFF;

// Type 4 offsets (DSP0134 7.5) and the length a structure has from the version that added them.
constexpr std::size_t kProcessorFamily = 0x06;
constexpr std::size_t kProcessorStatus = 0x18;
constexpr std::uint8_t kSocketPopulated = 0x40;
constexpr std::size_t kL2CacheHandle = 0x1C;
constexpr std::size_t kL3CacheHandle = 0x1E;
constexpr std::size_t kCoreCount = 0x23;         // then Core Enabled, Thread Count (2.5)
constexpr std::size_t kProcessorFamily2 = 0x28;  // 2.6
constexpr std::size_t kCoreCount2 = 0x2A;        // then Core Enabled 2, Thread Count 2 (3.0)

// Type 7 offsets (DSP0134 7.8).
constexpr std::size_t kInstalledSize = 0x09;
constexpr std::size_t kInstalledSize2 = 0x17;  // 3.1

struct Structure {
    const std::uint8_t* data;
    std::uint8_t type;
    std::size_t length;
    std::uint16_t handle;
};

// The structures of the table, each with its formatted length; the string sets are skipped.
std::vector<Structure> structures(const std::uint8_t* raw, std::size_t size) {
    std::vector<Structure> out;
    if (!raw || size < kRawSmbiosHeaderSize) {
        return out;
    }
    const std::size_t declared = readAt<std::uint32_t>(raw, 4);
    const std::uint8_t* table = raw + kRawSmbiosHeaderSize;
    const std::size_t end = std::min(declared, size - kRawSmbiosHeaderSize);
    std::size_t at = 0;
    while (at + 4 <= end) {
        const std::size_t length = table[at + 1];
        if (length < 4 || at + length > end) {
            break;
        }
        Structure s{table + at, table[at], length, readAt<std::uint16_t>(table, at + 2)};
        out.push_back(s);
        if (s.type == kTypeEndOfTable) {
            break;
        }
        // The string set ends with two NULs (two NULs also when it is empty).
        std::size_t strings = at + length;
        while (strings + 1 < end && !(table[strings] == 0 && table[strings + 1] == 0)) {
            strings++;
        }
        at = strings + 2;
    }
    return out;
}

// A count byte and its 3.0 word: the word where the structure has it and it is set, else the byte;
// 0 (unknown) is none.
std::optional<std::uint32_t> count(const Structure& s, std::size_t byte_at, std::size_t word_at) {
    if (s.length >= kCoreCount2 + 6) {
        const std::uint16_t word = readAt<std::uint16_t>(s.data, word_at);
        if (word != 0 && word != 0xFFFF) {
            return word;
        }
    }
    if (s.length > byte_at && s.data[byte_at] != 0) {
        return s.data[byte_at];
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> smbiosCacheInstalledKib(const std::uint8_t* structure,
                                                     std::size_t length) {
    if (!structure || length < kInstalledSize + 2) {
        return std::nullopt;
    }
    const std::uint16_t size = readAt<std::uint16_t>(structure, kInstalledSize);
    std::uint64_t kib = 0;
    if (size == 0xFFFF && length >= kInstalledSize2 + 4) {
        const std::uint32_t size2 = readAt<std::uint32_t>(structure, kInstalledSize2);
        kib = std::uint64_t{size2 & 0x7FFFFFFFu} * ((size2 >> 31) ? 64 : 1);
    } else {
        kib = std::uint64_t{size & 0x7FFFu} * ((size >> 15) ? 64 : 1);
    }
    if (kib == 0) {
        return std::nullopt;
    }
    return kib;
}

std::vector<SmbiosProcessor> parseSmbiosProcessors(const std::uint8_t* raw, std::size_t size) {
    const auto all = structures(raw, size);
    std::map<std::uint16_t, std::optional<std::uint64_t>> caches;
    for (const auto& s : all) {
        if (s.type == kTypeCache) {
            caches[s.handle] = smbiosCacheInstalledKib(s.data, s.length);
        }
    }
    const auto cacheKib = [&](const Structure& s, std::size_t handle_at) {
        std::optional<std::uint64_t> kib;
        if (s.length >= handle_at + 2) {
            const std::uint16_t handle = readAt<std::uint16_t>(s.data, handle_at);
            if (auto it = caches.find(handle); handle != kNoHandle && it != caches.end()) {
                kib = it->second;
            }
        }
        return kib;
    };
    std::vector<SmbiosProcessor> processors;
    for (const auto& s : all) {
        if (s.type != kTypeProcessor) {
            continue;
        }
        SmbiosProcessor p;
        if (s.length > kProcessorFamily) {
            p.family = s.data[kProcessorFamily];
            if (p.family == 0xFE && s.length >= kProcessorFamily2 + 2) {
                p.family = readAt<std::uint16_t>(s.data, kProcessorFamily2);
            }
        }
        p.populated = s.length > kProcessorStatus && (s.data[kProcessorStatus] & kSocketPopulated);
        p.core_count = count(s, kCoreCount, kCoreCount2);
        p.core_enabled = count(s, kCoreCount + 1, kCoreCount2 + 2);
        p.thread_count = count(s, kCoreCount + 2, kCoreCount2 + 4);
        p.l2_cache_kib = cacheKib(s, kL2CacheHandle);
        p.l3_cache_kib = cacheKib(s, kL3CacheHandle);
        processors.push_back(p);
    }
    return processors;
}

}  // namespace sysmetrics
