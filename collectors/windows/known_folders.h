#pragma once

#include <string>

namespace sysmetrics::win {

// %ProgramData% from the known folder (SHGetKnownFolderPath), not the environment: a service's
// environment need not carry it. "C:\ProgramData" when the shell cannot say.
std::string programDataFolder();

}  // namespace sysmetrics::win
