#pragma once

namespace sysmetrics::win {

// The boot time in Unix seconds, the same value on every call: the kernel's own
// (SystemTimeOfDayInformation), or, where that call fails, now - GetTickCount64() taken once per
// process. Used for windows_system_boot_time_timestamp and as the create time of pids 0 and 4,
// which must not change between cycles (an identity that changes is a new process).
double bootTime();

}  // namespace sysmetrics::win
