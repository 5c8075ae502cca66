#include <dirent.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cctype>
#include <memory>

#include "base/clock.h"
#include "base/file_read.h"
#include "collectors/system.h"

namespace sysmetrics {

namespace {

std::uint64_t countProcessDirectories() {
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir("/proc"), &closedir);
    if (!dir) {
        return 0;
    }
    std::uint64_t count = 0;
    while (const dirent* entry = readdir(dir.get())) {
        if (std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) {
            count++;
        }
    }
    return count;
}

std::string textOr(const std::string& path, const std::string& fallback) {
    auto text = readTextFile(path);
    return text.ok() ? text.value() : fallback;
}

}  // namespace

Result<SystemSection> readSystem() {
    SystemSection s;
    utsname names{};
    if (uname(&names) != 0) {
        return Error{ErrorCode::os_error, errno, "uname"};
    }
    s.hostname = names.nodename;
    s.os_family = "linux";
    s.os_version = names.release;
    s.architecture = names.machine;
    const VersionNumbers version = parseVersionNumbers(names.release);
    s.os_major = version.major;
    s.os_minor = version.minor;
    s.os_build = version.build;
    s.os_product = prettyNameFromOsRelease(textOr("/etc/os-release", ""));
    if (s.os_product.empty()) {
        s.os_product = std::string(names.sysname);
    }
    char domain[256] = {};
    if (getdomainname(domain, sizeof domain - 1) == 0 && std::string(domain) != "(none)") {
        s.domain = domain;
    }
    s.fqdn = s.domain.empty() ? s.hostname : s.hostname + "." + s.domain;

    auto stat = readTextFile("/proc/stat");
    if (!stat.ok()) {
        return stat.error();
    }
    const auto boot = bootTimeFromProcStat(stat.value());
    if (!boot) {
        return Error{ErrorCode::invalid_data, 0, "/proc/stat: no btime line"};
    }
    s.boot_time = *boot;
    const auto uptime = uptimeFromProcUptime(textOr("/proc/uptime", ""));
    s.uptime_seconds = uptime ? *uptime : wallSeconds() - s.boot_time;
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    s.logical_cpus = cpus > 0 ? static_cast<std::uint32_t>(cpus) : 0;
    s.processes = countProcessDirectories();
    s.threads = threadsFromLoadavg(textOr("/proc/loadavg", "")).value_or(0);
    return s;
}

}  // namespace sysmetrics
