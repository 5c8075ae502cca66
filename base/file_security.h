#pragma once
// Who may own or write a file the service trusts, as a portable model of a security descriptor:
// a service running as LocalSystem that loads a file an ordinary user could have planted or
// changed hands that user SYSTEM's rights (audit W01). base/windows/file_security.cpp reads a real
// descriptor into this model; the tests build models directly.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sysmetrics {

// Well-known SIDs.
inline constexpr const char* kSidLocalSystem = "S-1-5-18";
inline constexpr const char* kSidAdministrators = "S-1-5-32-544";
inline constexpr const char* kSidTrustedInstaller =
    "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
inline constexpr const char* kSidEveryone = "S-1-1-0";
inline constexpr const char* kSidUsers = "S-1-5-32-545";

// One access control entry: allow or deny `mask` to `sid`. Inherit-only entries apply to children
// only and so give no access to the object itself.
struct AccessEntry {
    bool allow = true;
    std::string sid;
    std::uint32_t mask = 0;
    bool inherit_only = false;
};

struct FileSecurity {
    std::string owner_sid;
    bool null_dacl = false;  // no DACL at all: everyone has full access
    std::vector<AccessEntry> entries;
};

// Rights that let a holder change what the file says, replace it, or give themselves those rights
// (winnt.h values; on a folder WRITE_DATA is "add file" and DELETE_CHILD removes any file in it).
inline constexpr std::uint32_t kFileWriteData = 0x0002;
inline constexpr std::uint32_t kFileAppendData = 0x0004;
inline constexpr std::uint32_t kFileWriteEa = 0x0010;
inline constexpr std::uint32_t kFileDeleteChild = 0x0040;
inline constexpr std::uint32_t kFileWriteAttributes = 0x0100;
inline constexpr std::uint32_t kDelete = 0x00010000;
inline constexpr std::uint32_t kWriteDac = 0x00040000;
inline constexpr std::uint32_t kWriteOwner = 0x00080000;
inline constexpr std::uint32_t kGenericAll = 0x10000000;
inline constexpr std::uint32_t kGenericWrite = 0x40000000;
inline constexpr std::uint32_t kFileAllAccess = 0x001F01FF;

// The writing rights in `mask` by name ("WRITE_DATA|WRITE_DAC"); empty when it has none.
std::string writeRightsIn(std::uint32_t mask);

// Why `path` must not be trusted, naming the owner or the SID and right that are the problem; none
// when only SYSTEM, Administrators, TrustedInstaller and `self_sid` (the account this process runs
// as: a console run by a user may use the user's own files) own it or may write it.
std::optional<std::string> untrustedReason(const std::string& path, const FileSecurity& security,
                                           const std::string& self_sid);

// The security descriptor (SDDL) `install` and the MSI give %ProgramData%\sysmetrics: owned by
// Administrators; SYSTEM and Administrators have full control of it and everything created in it;
// nobody else has any access (the TLS key lives there). Protected: nothing is inherited from
// ProgramData, whose default lets every user add files.
inline constexpr const char* kDataFolderSddl = "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

}  // namespace sysmetrics
