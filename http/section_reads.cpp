#include "http/section_reads.h"

#include <algorithm>
#include <string_view>

namespace sysmetrics {

std::vector<std::string> sectionsRead(const std::string& path,
                                      const std::vector<std::string>& collect,
                                      const Snapshot& snapshot, bool metrics_read_processes) {
    std::vector<std::string> read;
    if (path == "/metrics") {
        for (const auto& [name, status] : snapshot.status) {
            const bool wanted =
                collect.empty() || std::find(collect.begin(), collect.end(), name) != collect.end();
            if (wanted && (name != "processes" || metrics_read_processes)) {
                read.push_back(name);
            }
        }
        return read;
    }
    constexpr std::string_view kApi = "/api/v1/";
    if (path.rfind(kApi, 0) != 0) {
        return read;
    }
    const std::string rest = path.substr(kApi.size());
    const std::string first = rest.substr(0, rest.find('/'));
    if (first == "processes") {
        read.push_back("processes");
        if (rest.size() > 12 && rest.compare(rest.size() - 12, 12, "/connections") == 0) {
            read.push_back("connections");
        }
    } else if (first == "connections") {
        read = {"connections", "processes"};  // rows carry the owning process's name
    } else if (first != "collectors" && snapshot.status.count(first) > 0) {
        read.push_back(first);  // cpu, memory, disks, network, services, system, ...
    }
    return read;
}

}  // namespace sysmetrics
