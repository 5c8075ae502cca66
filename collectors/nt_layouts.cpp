#include "collectors/nt_layouts.h"

#include <algorithm>

#include "base/text_parse.h"

namespace sysmetrics {

std::vector<WindowsProcessorTimes> parseProcessorPerformance(const std::uint8_t* data,
                                                             std::size_t size) {
    std::vector<WindowsProcessorTimes> processors;
    for (std::size_t offset = 0; data && offset + kProcessorPerformanceSize <= size;
         offset += kProcessorPerformanceSize) {
        WindowsProcessorTimes p;
        p.idle = readAt<std::uint64_t>(data, offset + 0x00);
        p.kernel = readAt<std::uint64_t>(data, offset + 0x08);
        p.user = readAt<std::uint64_t>(data, offset + 0x10);
        p.dpc = readAt<std::uint64_t>(data, offset + 0x18);
        p.interrupt = readAt<std::uint64_t>(data, offset + 0x20);
        p.interrupt_count = readAt<std::uint32_t>(data, offset + 0x28);
        processors.push_back(p);
    }
    return processors;
}

std::vector<ProcessorInterruptCounts> parseInterruptInformation(const std::uint8_t* data,
                                                                std::size_t size) {
    std::vector<ProcessorInterruptCounts> processors;
    for (std::size_t offset = 0; data && offset + kInterruptInformationSize <= size;
         offset += kInterruptInformationSize) {
        processors.push_back(
            {readAt<std::uint32_t>(data, offset), readAt<std::uint32_t>(data, offset + 4)});
    }
    return processors;
}

std::optional<SystemActivityCounts> parsePerformanceInformation(const std::uint8_t* data,
                                                                std::size_t size) {
    if (!data || size < kPerformanceInformationSize) {
        return std::nullopt;
    }
    return SystemActivityCounts{readAt<std::uint32_t>(data, 0x128),
                                readAt<std::uint32_t>(data, 0x134)};
}

std::optional<std::uint32_t> parseExceptionDispatches(const std::uint8_t* data, std::size_t size) {
    if (!data || size < kExceptionInformationSize) {
        return std::nullopt;
    }
    return readAt<std::uint32_t>(data, 4);
}

std::optional<std::int64_t> parseBootTimeFiletime(const std::uint8_t* data, std::size_t size) {
    if (!data || size < kTimeOfDayInformationSize) {
        return std::nullopt;
    }
    const std::int64_t boot = readAt<std::int64_t>(data, 0x00);
    const std::uint64_t asleep = readAt<std::uint64_t>(data, 0x28);
    if (boot <= 0 || asleep >= static_cast<std::uint64_t>(boot)) {
        return std::nullopt;
    }
    return boot - static_cast<std::int64_t>(asleep);
}

std::optional<std::uint64_t> parseFileCacheCurrentSize(const std::uint8_t* data, std::size_t size) {
    if (!data || size < sizeof(std::uint64_t)) {
        return std::nullopt;
    }
    return readAt<std::uint64_t>(data, 0);
}

std::optional<FileCacheInformation> parseFileCacheInformation(const std::uint8_t* data,
                                                              std::size_t size) {
    if (!data || size < 0x14) {
        return std::nullopt;
    }
    FileCacheInformation info;
    info.current_bytes = readAt<std::uint64_t>(data, 0x00);
    info.peak_bytes = readAt<std::uint64_t>(data, 0x08);
    info.page_faults = readAt<std::uint32_t>(data, 0x10);
    if (size >= 0x3C) {
        info.transition_repurposes = readAt<std::uint32_t>(data, 0x38);
    }
    return info;
}

std::optional<SystemMemoryActivity> parsePerformanceMemoryActivity(const std::uint8_t* data,
                                                                   std::size_t size) {
    if (!data || size < 0xB0) {
        return std::nullopt;
    }
    SystemMemoryActivity a;
    a.page_faults = readAt<std::uint32_t>(data, 0x3C);
    a.copy_on_writes = readAt<std::uint32_t>(data, 0x40);
    a.transition_faults = readAt<std::uint32_t>(data, 0x44);
    a.demand_zero_faults = readAt<std::uint32_t>(data, 0x4C);
    a.pages_read = readAt<std::uint32_t>(data, 0x50);
    a.page_read_ios = readAt<std::uint32_t>(data, 0x54);
    a.dirty_pages_written = readAt<std::uint32_t>(data, 0x60);
    a.dirty_write_ios = readAt<std::uint32_t>(data, 0x64);
    a.mapped_pages_written = readAt<std::uint32_t>(data, 0x68);
    a.mapped_write_ios = readAt<std::uint32_t>(data, 0x6C);
    a.paged_pool_allocs = readAt<std::uint32_t>(data, 0x78);
    a.paged_pool_frees = readAt<std::uint32_t>(data, 0x7C);
    a.nonpaged_pool_allocs = readAt<std::uint32_t>(data, 0x80);
    a.nonpaged_pool_frees = readAt<std::uint32_t>(data, 0x84);
    a.free_system_ptes = readAt<std::uint32_t>(data, 0x88);
    a.resident_system_code_pages = readAt<std::uint32_t>(data, 0x8C);
    a.total_system_driver_pages = readAt<std::uint32_t>(data, 0x90);
    a.total_system_code_pages = readAt<std::uint32_t>(data, 0x94);
    a.resident_system_cache_pages = readAt<std::uint32_t>(data, 0xA4);
    a.resident_paged_pool_pages = readAt<std::uint32_t>(data, 0xA8);
    a.resident_system_driver_pages = readAt<std::uint32_t>(data, 0xAC);
    return a;
}

std::optional<MemoryListPages> parseMemoryListInformation(const std::uint8_t* data,
                                                          std::size_t size) {
    if (!data || size < kMemoryListInformationSize) {
        return std::nullopt;
    }
    MemoryListPages lists;
    lists.zeroed = readAt<std::uint64_t>(data, 0x00);
    lists.free = readAt<std::uint64_t>(data, 0x08);
    lists.modified = readAt<std::uint64_t>(data, 0x10);
    lists.modified_no_write = readAt<std::uint64_t>(data, 0x18);
    for (std::size_t i = 0; i < 8; i++) {
        lists.standby_by_priority[i] = readAt<std::uint64_t>(data, 0x28 + 8 * i);
    }
    return lists;
}

std::vector<ProcessorPower> parseProcessorPowerInformation(const std::uint8_t* data,
                                                           std::size_t size) {
    std::vector<ProcessorPower> processors;
    for (std::size_t offset = 0; data && offset + kProcessorPowerInformationSize <= size;
         offset += kProcessorPowerInformationSize) {
        ProcessorPower p;
        p.number = readAt<std::uint32_t>(data, offset + 0);
        p.max_mhz = readAt<std::uint32_t>(data, offset + 4);
        p.current_mhz = readAt<std::uint32_t>(data, offset + 8);
        processors.push_back(p);
    }
    return processors;
}

namespace {

std::string hexOffset(std::uint64_t value) {
    static const char kDigits[] = "0123456789abcdef";
    std::string text;
    do {
        text.insert(text.begin(), kDigits[value % 16]);
        value /= 16;
    } while (value != 0);
    return "0x" + text;
}

// The call that gave the bytes is the caller's to name, in `where`.
Error refused(std::string fault) {
    return Error{ErrorCode::invalid_data, 0, {}, std::move(fault)};
}

}  // namespace

Result<std::vector<NtPageFile>> parsePageFileInformation(const std::uint8_t* data, std::size_t size,
                                                         std::uint64_t base) {
    std::vector<NtPageFile> files;
    if (size == 0) {
        return files;
    }
    if (data == nullptr) {
        return refused("SYSTEM_PAGEFILE_INFORMATION: no buffer");
    }
    std::size_t offset = 0;
    for (;;) {
        const std::string entry = "SYSTEM_PAGEFILE_INFORMATION at " + hexOffset(offset) + ": ";
        if (size - offset < kPageFileInformationSize) {
            return refused(entry + "truncated (" + hexOffset(size - offset) + " bytes left of " +
                           hexOffset(kPageFileInformationSize) + ")");
        }
        const auto next = readAt<std::uint32_t>(data, offset + 0x00);
        NtPageFile file;
        file.total_pages = readAt<std::uint32_t>(data, offset + 0x04);
        file.in_use_pages = readAt<std::uint32_t>(data, offset + 0x08);
        file.peak_pages = readAt<std::uint32_t>(data, offset + 0x0C);
        const auto name_bytes = readAt<std::uint16_t>(data, offset + 0x10);
        const auto name_address = readAt<std::uint64_t>(data, offset + 0x18);
        if (name_bytes == 0) {
            return refused(entry + "PageFileName is empty");
        }
        if (name_bytes % 2 != 0) {
            return refused(entry + "PageFileName.Length " + std::to_string(name_bytes) +
                           " is odd (UTF-16 has 2-byte units)");
        }
        if (name_address < base || name_address - base > size ||
            name_bytes > size - (name_address - base)) {
            return refused(entry + "PageFileName (" + std::to_string(name_bytes) + " bytes at " +
                           hexOffset(name_address) + ") lies outside the answer (" +
                           hexOffset(size) + " bytes at " + hexOffset(base) + ")");
        }
        const auto name_offset = static_cast<std::size_t>(name_address - base);
        std::u16string name;
        for (std::size_t i = 0; i < name_bytes; i += 2) {
            name.push_back(static_cast<char16_t>(readAt<std::uint16_t>(data, name_offset + i)));
        }
        file.name = utf16ToUtf8(name);
        files.push_back(std::move(file));
        if (next == 0) {
            return files;
        }
        if (next < kPageFileInformationSize || next >= size - offset) {
            return refused(entry + "NextEntryOffset " + hexOffset(next) +
                           (next < kPageFileInformationSize
                                ? " is shorter than an entry"
                                : " leaves the answer (" + hexOffset(size) + " bytes)"));
        }
        offset += next;
    }
}

std::optional<std::uint32_t> parseProcessGroupId(const std::uint8_t* parameters, std::size_t size) {
    if (!parameters || size < kProcessGroupIdEnd ||
        readAt<std::uint32_t>(parameters, 4) < kProcessGroupIdEnd) {
        return std::nullopt;
    }
    return readAt<std::uint32_t>(parameters, kParametersProcessGroupId);
}

std::optional<DiskPerformance> parseDiskPerformanceRecord(const std::uint8_t* data,
                                                          std::size_t size) {
    if (!data || size < kDiskPerformanceMinSize) {
        return std::nullopt;
    }
    DiskPerformance p;
    p.bytes_read = readAt<std::uint64_t>(data, 0x00);
    p.bytes_written = readAt<std::uint64_t>(data, 0x08);
    p.read_time = readAt<std::uint64_t>(data, 0x10);
    p.write_time = readAt<std::uint64_t>(data, 0x18);
    p.idle_time = readAt<std::uint64_t>(data, 0x20);
    p.read_count = readAt<std::uint32_t>(data, 0x28);
    p.write_count = readAt<std::uint32_t>(data, 0x2C);
    p.queue_depth = readAt<std::uint32_t>(data, 0x30);
    p.split_count = readAt<std::uint32_t>(data, 0x34);
    return p;
}

namespace {

// `count` GROUP_AFFINITY entries at `offset` of an entry of `entry_size` bytes (0 reads as 1);
// those past the entry's end are left out.
std::vector<GroupMask> readMasks(const std::uint8_t* entry, std::size_t entry_size,
                                 std::size_t offset, std::uint16_t count) {
    std::vector<GroupMask> masks;
    for (std::size_t i = 0; i < std::max<std::uint16_t>(count, 1); i++) {
        const std::size_t at = offset + i * kGroupAffinitySize;
        if (at + kGroupAffinitySize > entry_size) {
            break;
        }
        masks.push_back(GroupMask{readAt<std::uint16_t>(entry, at + kGroupAffinityGroup),
                                  readAt<std::uint64_t>(entry, at + kGroupAffinityMask)});
    }
    return masks;
}

}  // namespace

std::vector<ProcessorRelationEntry> parseLogicalProcessorInformationEx(const std::uint8_t* data,
                                                                       std::size_t size) {
    std::vector<ProcessorRelationEntry> entries;
    std::size_t offset = 0;
    while (data && offset + kGlpiEntryHeaderSize <= size) {
        const std::uint8_t* entry = data + offset;
        const std::uint32_t entry_size = readAt<std::uint32_t>(entry, kGlpiSize);
        if (entry_size < kGlpiEntryHeaderSize || offset + entry_size > size) {
            break;
        }
        ProcessorRelationEntry e;
        e.relation =
            static_cast<ProcessorRelation>(readAt<std::uint32_t>(entry, kGlpiRelationship));
        switch (e.relation) {
            case ProcessorRelation::core:
            case ProcessorRelation::package:
            case ProcessorRelation::die:
            case ProcessorRelation::module:
                if (entry_size >= kGlpiProcessorMasks) {
                    e.smt = (entry[kGlpiProcessorFlags] & 1) != 0;
                    e.efficiency_class = entry[kGlpiProcessorEfficiencyClass];
                    e.masks = readMasks(entry, entry_size, kGlpiProcessorMasks,
                                        readAt<std::uint16_t>(entry, kGlpiProcessorGroupCount));
                }
                break;
            case ProcessorRelation::numa_node:
            case ProcessorRelation::numa_node_ex:
                if (entry_size >= kGlpiNumaMasks) {
                    e.numa_node = readAt<std::uint32_t>(entry, kGlpiNumaNodeNumber);
                    e.masks = readMasks(entry, entry_size, kGlpiNumaMasks,
                                        readAt<std::uint16_t>(entry, kGlpiNumaGroupCount));
                }
                break;
            case ProcessorRelation::cache:
                if (entry_size >= kGlpiCacheMasks) {
                    e.cache_level = entry[kGlpiCacheLevel];
                    e.cache_bytes = readAt<std::uint32_t>(entry, kGlpiCacheSize);
                    e.cache_type = readAt<std::uint32_t>(entry, kGlpiCacheType);
                    e.masks = readMasks(entry, entry_size, kGlpiCacheMasks,
                                        readAt<std::uint16_t>(entry, kGlpiCacheGroupCount));
                }
                break;
            default:
                break;
        }
        entries.push_back(std::move(e));
        offset += entry_size;
    }
    return entries;
}

}  // namespace sysmetrics
