#include "collectors/cpu_info.h"

namespace sysmetrics {

namespace {

// windows_exporter cuts trailing spaces of Win32_Processor's strings (ProcessorNameString is
// padded with spaces on many processors).
std::string trimRight(const std::string& text) {
    const auto end = text.find_last_not_of(' ');
    return end == std::string::npos ? std::string() : text.substr(0, end + 1);
}

std::string joined(const std::vector<std::string>& parts) {
    std::string text;
    for (const auto& part : parts) {
        text += (text.empty() ? "" : ", ") + part;
    }
    return text;
}

}  // namespace

std::optional<std::uint16_t> wmiArchitectureOfMachine(std::uint16_t machine) {
    switch (machine) {
        case 0x014c:
            return 0;  // IMAGE_FILE_MACHINE_I386: x86
        case 0x01c4:
            return 5;  // IMAGE_FILE_MACHINE_ARMNT: ARM
        case 0x0200:
            return 6;  // IMAGE_FILE_MACHINE_IA64: ia64
        case 0x8664:
            return 9;  // IMAGE_FILE_MACHINE_AMD64: x64
        case 0xAA64:
            return 12;  // IMAGE_FILE_MACHINE_ARM64: ARM64
        default:
            return std::nullopt;
    }
}

std::vector<CpuPackageInfo> cpuPackages(
    const ProcessorTopology& topology, const std::vector<SmbiosProcessor>& smbios,
    std::uint16_t architecture,
    const std::function<ProcessorRegistryStrings(std::uint32_t index)>& registry,
    std::vector<std::string>& notes) {
    // Win32_Processor lists the sockets that hold a processor; a table whose status bytes mark
    // none populated (firmware that leaves them 0) is taken as it is.
    std::vector<const SmbiosProcessor*> sockets;
    for (const auto& p : smbios) {
        if (p.populated) {
            sockets.push_back(&p);
        }
    }
    if (sockets.empty()) {
        for (const auto& p : smbios) {
            sockets.push_back(&p);
        }
    }
    std::vector<CpuPackageInfo> packages;
    for (std::size_t i = 0; i < topology.packages.size(); i++) {
        const ProcessorPackage& topo = topology.packages[i];
        const SmbiosProcessor* socket = i < sockets.size() ? sockets[i] : nullptr;
        CpuPackageInfo p;
        p.device_id = "CPU" + std::to_string(i);
        p.architecture = architecture;
        const ProcessorRegistryStrings strings = registry(topo.first_processor_index);
        p.name = trimRight(strings.name);
        p.description = trimRight(strings.identifier);
        p.logical_processors = topo.logical_processors;
        std::vector<std::string> fallbacks;
        const auto pick = [&](const std::optional<std::uint64_t>& from_smbios,
                              std::uint64_t from_windows, const char* what) {
            if (from_smbios) {
                return *from_smbios;
            }
            fallbacks.push_back(what);
            return from_windows;
        };
        const auto widen = [](const std::optional<std::uint32_t>& v) {
            return v ? std::optional<std::uint64_t>(*v) : std::nullopt;
        };
        if (socket) {
            p.family = socket->family;
        }
        p.cores = static_cast<std::uint32_t>(
            pick(socket ? widen(socket->core_count) : std::nullopt, topo.cores, "core"));
        p.enabled_cores = static_cast<std::uint32_t>(
            pick(socket ? widen(socket->core_enabled) : std::nullopt, topo.cores, "enabled_core"));
        p.threads =
            static_cast<std::uint32_t>(pick(socket ? widen(socket->thread_count) : std::nullopt,
                                            topo.logical_processors, "thread"));
        // A cache size neither source gives stays unknown (Windows lists no cache where the
        // hypervisor describes none).
        std::vector<std::string> unknown;
        const auto cache = [&](const std::optional<std::uint64_t>& from_smbios,
                               std::uint32_t windows_caches, std::uint64_t windows_bytes,
                               const char* what) -> std::optional<std::uint64_t> {
            if (from_smbios || windows_caches > 0) {
                return pick(from_smbios, windows_bytes / 1024, what);
            }
            unknown.push_back(what);
            return std::nullopt;
        };
        p.l2_cache_kib = cache(socket ? socket->l2_cache_kib : std::nullopt, topo.l2_caches,
                               topo.l2_cache_bytes, "l2_cache_size");
        p.l3_cache_kib = cache(socket ? socket->l3_cache_kib : std::nullopt, topo.l3_caches,
                               topo.l3_cache_bytes, "l3_cache_size");
        std::vector<std::string> parts;
        if (!socket) {
            parts.push_back(
                "no populated SMBIOS processor structure matches it: family is 2 "
                "(Unknown); " +
                joined(fallbacks) + " from GetLogicalProcessorInformationEx");
        } else if (!fallbacks.empty()) {
            parts.push_back("SMBIOS gives no " + joined(fallbacks) +
                            "; from GetLogicalProcessorInformationEx instead");
        }
        if (!unknown.empty()) {
            parts.push_back(
                joined(unknown) +
                " given by neither SMBIOS nor GetLogicalProcessorInformationEx: left out");
        }
        if (!parts.empty()) {
            std::string note = p.device_id + ": " + parts[0];
            for (std::size_t k = 1; k < parts.size(); k++) {
                note += "; " + parts[k];
            }
            notes.push_back(std::move(note));
        }
        packages.push_back(std::move(p));
    }
    return packages;
}

}  // namespace sysmetrics
