#pragma once
// The inbound Windows Firewall rule for the listen port (audit W03), through the Windows Firewall
// API (INetFwPolicy2). `install` adds it unless --no-firewall; `uninstall` removes it; the MSI
// runs the same code through `sysmetrics configure-install` / `cleanup-install`.

#include <cstdint>
#include <string>

#include "base/result.h"

namespace sysmetrics {

inline constexpr const char* kFirewallRuleName = "sysmetrics (TCP-In)";

// Replaces any earlier rule of ours: allow inbound TCP to `port` for `exe`, on every profile.
Status<> addFirewallRule(const std::string& exe, std::uint16_t port);
// Removes our rule; absent is fine.
Status<> removeFirewallRule();

}  // namespace sysmetrics
