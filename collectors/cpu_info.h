#pragma once
// windows_exporter's cpu_info families without WMI: each processor package as a Win32_Processor
// instance, from the sources Microsoft documents those properties to come from.
//
// - device_id: "CPU" + the package's position in GetLogicalProcessorInformationEx
//   (RelationProcessorPackage entries, in Windows' order).
// - architecture: the machine Windows runs on (IsWow64Process2's native machine, else
//   GetNativeSystemInfo), as the PROCESSOR_ARCHITECTURE_* number Win32_Processor reports.
// - name, description: the registry's ProcessorNameString and Identifier of the package's first
//   logical processor (HKLM\HARDWARE\DESCRIPTION\System\CentralProcessor\N), trailing spaces cut
//   as windows_exporter cuts them.
// - family, core, enabled_core, thread, l2/l3 cache size: the SMBIOS Processor Information
//   structure (and the Cache Information its cache handles name), Microsoft's documented source
//   of Family, NumberOfCores, NumberOfEnabledCore, ThreadCount and L2/L3CacheSize. The populated
//   sockets of the SMBIOS table are matched to the packages in order. Where SMBIOS has no value
//   for a package, the count comes from GetLogicalProcessorInformationEx (cores in the package,
//   its logical processors, the sum of its L2/L3 caches) and the family is 2 (Win32_Processor's
//   "Unknown"), each named in the collector's notes.
// - logical_processor: the package's logical processors (GetLogicalProcessorInformationEx).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "collectors/cpu.h"
#include "collectors/cpu_groups.h"
#include "collectors/smbios.h"

namespace sysmetrics {

// What the registry says of processor N.
struct ProcessorRegistryStrings {
    std::string name;        // ProcessorNameString
    std::string identifier;  // Identifier
};

// Win32_Processor Architecture for an IMAGE_FILE_MACHINE_* value (IsWow64Process2's native
// machine): I386 0x014c -> 0, ARMNT 0x01c4 -> 5, IA64 0x0200 -> 6, AMD64 0x8664 -> 9,
// ARM64 0xAA64 -> 12; none for others.
std::optional<std::uint16_t> wmiArchitectureOfMachine(std::uint16_t machine);

// The packages of `topology` as Win32_Processor instances. `registry(N)` reads processor N's
// strings; `smbios` is every type 4 structure (empty when the table is unavailable). Each value
// taken from GetLogicalProcessorInformationEx for want of an SMBIOS one adds a line to `notes`.
std::vector<CpuPackageInfo> cpuPackages(
    const ProcessorTopology& topology, const std::vector<SmbiosProcessor>& smbios,
    std::uint16_t architecture,
    const std::function<ProcessorRegistryStrings(std::uint32_t index)>& registry,
    std::vector<std::string>& notes);

}  // namespace sysmetrics
