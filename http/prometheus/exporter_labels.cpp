#include "http/prometheus/exporter_labels.h"

#include <cctype>

namespace sysmetrics {

std::string exporterProcessLabel(const std::string& image_name, std::uint32_t pid) {
    if (pid == 0) {
        return "Idle";
    }
    static const std::string kExe = ".exe";
    if (image_name.size() > kExe.size()) {
        const std::size_t at = image_name.size() - kExe.size();
        bool is_exe = true;
        for (std::size_t i = 0; i < kExe.size(); i++) {
            is_exe =
                is_exe && std::tolower(static_cast<unsigned char>(image_name[at + i])) == kExe[i];
        }
        if (is_exe) {
            return image_name.substr(0, at);
        }
    }
    return image_name;
}

std::string exporterServiceState(const std::string& state) {
    std::string out = state;
    for (char& c : out) {
        if (c == '_') {
            c = ' ';
        }
    }
    return out;
}

std::string exporterMac(const std::string& mac) {
    std::string out = mac;
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string exporterOwner(const std::string& domain_user) {
    const std::size_t slash = domain_user.find('\\');
    if (slash == std::string::npos) {
        return domain_user;
    }
    return domain_user.substr(slash + 1) + "\\" + domain_user.substr(0, slash);
}

}  // namespace sysmetrics
