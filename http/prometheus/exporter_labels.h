#pragma once

#include <cstdint>
#include <string>

namespace sysmetrics {

// Label values as windows_exporter v0.30+ writes them, so dashboards' selectors match. The REST
// API keeps the OS's own spelling; only /metrics on Windows uses these.

// The PDH Process instance name: the image name without ".exe" ("svchost"), "Idle" for PID 0.
std::string exporterProcessLabel(const std::string& image_name, std::uint32_t pid);

// Service states with spaces ("start pending"), as windows_exporter has in every version.
std::string exporterServiceState(const std::string& state);

// "AA:BB:CC:DD:EE:FF".
std::string exporterMac(const std::string& mac);

// windows_exporter formats the owner account first: "SYSTEM\NT AUTHORITY" for
// "NT AUTHORITY\SYSTEM" (getProcessOwner's format). An owner without a domain is unchanged.
std::string exporterOwner(const std::string& domain_user);

}  // namespace sysmetrics
