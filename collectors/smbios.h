#pragma once
// The SMBIOS structure table as GetSystemFirmwareTable('RSMB') returns it, read for what WMI's
// Win32_Processor takes from it (Microsoft documents each property's SMBIOS member): the
// Processor Information (type 4) structures and the Cache Information (type 7) structures their
// cache handles name. Portable, and tested with tables built to DMTF DSP0134.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sysmetrics {

// RawSMBIOSData: Used20CallingMethod, SMBIOSMajorVersion, SMBIOSMinorVersion, DmiRevision (one
// byte each), DWORD Length, then Length bytes of structures.
inline constexpr std::size_t kRawSmbiosHeaderSize = 8;

// One processor socket (type 4). A count is absent when the structure is too short to have it
// (before SMBIOS 2.5) or says 0 ("unknown"); a cache size when the handle is 0xFFFF (no such
// cache), names no type 7 structure, or that structure says 0.
struct SmbiosProcessor {
    bool populated = false;  // Status bit 6: CPU Socket Populated
    std::uint16_t family =
        2;  // Processor Family (Processor Family 2 when it says 0xFE); 2 = Unknown
    std::optional<std::uint32_t> core_count;    // Core Count, or Core Count 2 when it says 0xFF
    std::optional<std::uint32_t> core_enabled;  // Core Enabled / Core Enabled 2
    std::optional<std::uint32_t> thread_count;  // Thread Count / Thread Count 2
    std::optional<std::uint64_t> l2_cache_kib;  // the L2 cache handle's Installed Size
    std::optional<std::uint64_t> l3_cache_kib;  // the L3 cache handle's Installed Size
};

// Every type 4 structure in table order; empty when the table is short or malformed before the
// first one. Stops at the end-of-table structure (type 127) or where a structure runs past the
// end.
std::vector<SmbiosProcessor> parseSmbiosProcessors(const std::uint8_t* raw, std::size_t size);

// A type 7 structure's installed size in KiB: Installed Size (bit 15 = 64 KiB granularity), or
// Installed Cache Size 2 (bit 31 = 64 KiB granularity, SMBIOS 3.1) when Installed Size is 0xFFFF.
// `structure` points at the type byte; `length` is its formatted length.
std::optional<std::uint64_t> smbiosCacheInstalledKib(const std::uint8_t* structure,
                                                     std::size_t length);

}  // namespace sysmetrics
