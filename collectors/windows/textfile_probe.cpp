#include <windows.h>

#include "base/clock.h"
#include "base/nt_time.h"
#include "base/windows/handles.h"
#include "base/windows/win_error.h"
#include "collectors/textfile.h"

namespace sysmetrics {

namespace {

double unixSeconds(FILETIME time) {
    return unixFromFiletime(
        static_cast<std::int64_t>(filetimeTicks(time.dwHighDateTime, time.dwLowDateTime)));
}

bool hasPromSuffix(const std::wstring& name) {
    return name.size() > 5 && ::CompareStringOrdinal(name.c_str() + name.size() - 5, 5, L".prom", 5,
                                                     TRUE) == CSTR_EQUAL;
}

void readOne(RawTextfile& file, const std::wstring& path, std::uint64_t max_bytes) {
    // Every share mode: reading must never stop a writer from renaming its new file into place.
    win::UniqueKernelHandle handle(::CreateFileW(
        path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
        OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!handle) {
        file.read_error = "cannot open: " + win::lastError("CreateFileW").describe();
        return;
    }
    BY_HANDLE_FILE_INFORMATION info{};
    if (!::GetFileInformationByHandle(handle.get(), &info)) {
        file.read_error = win::lastError("GetFileInformationByHandle").describe();
        return;
    }
    file.size = (static_cast<std::uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
    file.mtime = unixSeconds(info.ftLastWriteTime);
    if (file.size > max_bytes) {
        file.read_error = textfileTooLarge(file.size, max_bytes);
        return;
    }
    file.content.resize(static_cast<std::size_t>(file.size));
    std::size_t done = 0;
    while (done < file.content.size()) {
        DWORD got = 0;
        const DWORD wanted =
            static_cast<DWORD>(std::min<std::size_t>(file.content.size() - done, 1u << 20));
        if (!::ReadFile(handle.get(), &file.content[done], wanted, &got, nullptr)) {
            file.read_error = win::lastError("ReadFile").describe();
            return;
        }
        if (got == 0) {
            file.read_error = kTextfileChangedWhileRead;
            return;
        }
        done += got;
    }
    char extra = 0;
    DWORD got = 0;
    if (::ReadFile(handle.get(), &extra, 1, &got, nullptr) && got > 0) {
        file.read_error = kTextfileChangedWhileRead;
    }
}

}  // namespace

Result<std::vector<RawTextfile>> readTextfileDirectory(const std::string& directory,
                                                       std::uint64_t max_bytes,
                                                       const TextfileSkip& skip) {
    std::wstring base = win::toWide(directory);
    if (!base.empty() && base.back() != L'\\' && base.back() != L'/') {
        base += L'\\';
    }
    const std::wstring pattern = base + L"*.prom";
    WIN32_FIND_DATAW found{};
    win::UniqueFindHandle find(::FindFirstFileExW(pattern.c_str(), FindExInfoBasic, &found,
                                                  FindExSearchNameMatch, nullptr, 0));
    std::vector<RawTextfile> files;
    if (!find) {
        const DWORD error = ::GetLastError();
        if (error == ERROR_FILE_NOT_FOUND) {
            return files;  // the directory is there, with no *.prom in it
        }
        return win::winError(error, "FindFirstFileExW " + directory);
    }
    do {
        const std::wstring name = found.cFileName;
        if ((found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || !hasPromSuffix(name)) {
            continue;
        }
        RawTextfile file;
        file.path = win::toUtf8((base + name).c_str());
        // The listing's size and time: opening a file costs far more than listing it (~3 ms a
        // file under Wine), and most files are as they were when last read.
        const std::uint64_t size =
            (static_cast<std::uint64_t>(found.nFileSizeHigh) << 32) | found.nFileSizeLow;
        const double mtime = unixSeconds(found.ftLastWriteTime);
        if (skip && skip(file.path, size, mtime)) {
            file.size = size;
            file.mtime = mtime;
            file.unchanged = true;
        } else {
            file.read_at = wallSeconds();
            readOne(file, base + name, max_bytes);
        }
        files.push_back(std::move(file));
    } while (::FindNextFileW(find.get(), &found));
    return files;
}

Status<> ensureTextfileDirectory(const std::string& directory) {
    // No security attributes: each new level takes the inheritable ACEs of its parent, so the
    // folder gets the DACL of %ProgramData%\sysmetrics (administrators and SYSTEM write).
    const std::wstring wide = win::toWide(directory);
    for (std::size_t separator = wide.find_first_of(L"\\/", 3);;
         separator = wide.find_first_of(L"\\/", separator + 1)) {
        const std::wstring level = wide.substr(0, separator);
        if (!level.empty() && !::CreateDirectoryW(level.c_str(), nullptr) &&
            ::GetLastError() != ERROR_ALREADY_EXISTS) {
            return win::lastError("CreateDirectoryW " + win::toUtf8(level.c_str()));
        }
        if (separator == std::wstring::npos) {
            break;
        }
    }
    const DWORD attributes = ::GetFileAttributesW(wide.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES || !(attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        return Error{ErrorCode::invalid_data, 0, "GetFileAttributesW " + directory,
                     "not a directory"};
    }
    return {};
}

}  // namespace sysmetrics
