#include "config/exporter_names.h"

#include <algorithm>

#include "base/text_parse.h"

namespace sysmetrics {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string joinedNames(const std::vector<std::string>& names) {
    return joinWithCommas(names);
}

const std::vector<ExporterCollector>& exporterCollectors() {
    // Where each of its families comes from here: the legacy windows_cs_* and windows_os_*
    // memory families are the memory collector's, windows_os_paging_* the pagefile collector's,
    // the rest of cs and os the system collector's; windows_system_* counters are read with the
    // cpu times.
    static const std::vector<ExporterCollector> kCollectors = {
        {"ad", {}},
        {"adcs", {}},
        {"adfs", {}},
        {"cache", {}},
        {"container", {}},
        {"cpu", {"cpu"}},
        {"cpu_info", {"cpu"}},
        {"cs", {"memory", "system"}},
        {"dfsr", {}},
        {"dhcp", {}},
        {"diskdrive", {}},
        {"dns", {}},
        {"exchange", {}},
        {"file", {}},
        {"filetime", {}},
        {"fsrmquota", {}},
        {"gpu", {}},
        {"hyperv", {}},
        {"iis", {}},
        {"license", {}},
        {"logical_disk", {"disks"}},
        {"logon", {}},
        {"memory", {"memory"}},
        {"mscluster", {}},
        {"msmq", {}},
        {"mssql", {}},
        {"net", {"network"}},
        {"netframework", {}},
        {"nps", {}},
        {"os", {"memory", "pagefile", "system"}},
        {"pagefile", {"pagefile"}},
        {"perfdata", {}},
        {"performancecounter", {}},
        {"physical_disk", {"physical_disk"}},
        {"printer", {}},
        {"process", {"processes"}},
        {"remote_fx", {}},
        {"scheduled_task", {}},
        {"service", {"services"}},
        {"smb", {}},
        {"smbclient", {}},
        {"smtp", {}},
        {"system", {"cpu", "system"}},
        {"tcp", {"connections", "tcp"}},
        {"teradici_pcoip", {}},
        {"terminal_services", {}},
        {"textfile", {}},
        {"thermalzone", {"thermalzone"}},
        {"time", {"time"}},
        {"udp", {"tcp"}},
        {"update", {}},
        {"vmware", {}},
        {"vmware_blast", {}},
    };
    return kCollectors;
}

const ExporterCollector* findExporterCollector(const std::string& name) {
    for (const auto& collector : exporterCollectors()) {
        if (collector.name == name) {
            return &collector;
        }
    }
    return nullptr;
}

std::vector<std::string> exporterCollectorNames() {
    std::vector<std::string> names;
    for (const auto& collector : exporterCollectors()) {
        names.push_back(collector.name);
    }
    return names;
}

std::string exporterCollectorOfFamily(const std::string& family) {
    static const std::string kPrefix = "windows_";
    if (family.rfind(kPrefix, 0) != 0) {
        return "";
    }
    // The longest name wins: windows_cpu_info and windows_cpu_info_core are cpu_info's.
    const std::string name = family + "_";
    std::string best;
    for (const auto& collector : exporterCollectors()) {
        const std::string stem = kPrefix + collector.name + "_";
        if (name.rfind(stem, 0) == 0 && collector.name.size() > best.size()) {
            best = collector.name;
        }
    }
    return best;
}

ConfigResult<std::vector<std::string>> resolveCollectorList(const std::vector<std::string>& names,
                                                            const std::vector<std::string>& known,
                                                            const std::string& what) {
    // "" or ",," (an unset shell variable) would enable nothing: a service that serves nothing.
    if (names.empty()) {
        return ConfigError{what +
                           ": empty list: name one or more collectors to enable, comma-separated "
                           "(sysmetrics: " +
                           joinedNames(known) +
                           ", or windows_exporter's names), or leave the flag out"};
    }
    std::vector<std::string> wanted;
    for (const auto& name : names) {
        if (contains(known, name)) {
            wanted.push_back(name);
            continue;
        }
        const ExporterCollector* theirs = findExporterCollector(name);
        if (!theirs) {
            return ConfigError{
                what + ": unknown collector '" + name + "' (sysmetrics: " + joinedNames(known) +
                "; windows_exporter's: " + joinedNames(exporterCollectorNames()) + ")"};
        }
        if (theirs->ours.empty()) {
            return ConfigError{what + ": windows_exporter's collector '" + name +
                               "' has no sysmetrics equivalent (sysmetrics: " + joinedNames(known) +
                               ")"};
        }
        wanted.insert(wanted.end(), theirs->ours.begin(), theirs->ours.end());
    }
    std::vector<std::string> ordered;
    for (const auto& name : known) {
        if (contains(wanted, name)) {
            ordered.push_back(name);
        }
    }
    return ordered;
}

}  // namespace sysmetrics
