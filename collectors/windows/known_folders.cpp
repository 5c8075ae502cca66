#include "collectors/windows/known_folders.h"

#include <windows.h>
#include <knownfolders.h>
#include <objbase.h>
#include <shlobj.h>

#include "collectors/windows/win_error.h"

namespace sysmetrics::win {

std::string programDataFolder() {
    PWSTR folder = nullptr;
    std::string base = "C:\\ProgramData";
    if (SUCCEEDED(::SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &folder)) && folder) {
        base = toUtf8(folder);
    }
    ::CoTaskMemFree(folder);
    return base;
}

}  // namespace sysmetrics::win
