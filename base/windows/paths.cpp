#include <windows.h>
#include <knownfolders.h>
#include <shlobj.h>

#include "base/paths.h"
#include "base/windows/win_error.h"

namespace sysmetrics {

namespace {

// The known folder, not %ProgramData%: a service's environment need not carry it.
std::string programDataFolder() {
    PWSTR folder = nullptr;
    std::string base = "C:\\ProgramData";
    if (SUCCEEDED(::SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder)) && folder) {
        base = win::toUtf8(folder);
    }
    ::CoTaskMemFree(folder);
    return base;
}

}  // namespace

std::string defaultConfigPath() {
    return programDataFolder() + "\\sysmetrics\\config.json";
}

std::string defaultTextfileDirectory() {
    return programDataFolder() + "\\sysmetrics\\textfile";
}

}  // namespace sysmetrics
