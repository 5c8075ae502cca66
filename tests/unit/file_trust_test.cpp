// Audit W01: which configured files a LocalSystem service may trust, on security descriptors built
// as Windows reports them (GetNamedSecurityInfoW turned into the portable model).
#include "config/file_trust.h"

#include <gtest/gtest.h>

#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

constexpr std::uint32_t kReadExecute = 0x001200A9;  // (RX)
constexpr const char* kAlice = "S-1-5-21-1111-2222-3333-1001";

// What `install` leaves: owned by Administrators, SYSTEM and Administrators full, Users may read.
FileSecurity installedFile() {
    FileSecurity s;
    s.owner_sid = kSidAdministrators;
    s.entries = {{true, kSidLocalSystem, kFileAllAccess, false},
                 {true, kSidAdministrators, kFileAllAccess, false},
                 {true, kSidUsers, kReadExecute, false}};
    return s;
}

}  // namespace

TEST(FileTrust, AnAdministratorOwnedFileOnlyAdministratorsMayWriteIsTrusted) {
    EXPECT_FALSE(untrustedReason("C:\\ProgramData\\sysmetrics\\config.json", installedFile(),
                                 kSidLocalSystem));
    FileSecurity installer_owned = installedFile();
    installer_owned.owner_sid = kSidTrustedInstaller;
    EXPECT_FALSE(untrustedReason("x", installer_owned, kSidLocalSystem));
}

TEST(FileTrust, AFilePlantedByAUserIsRefusedNamingItsOwner) {
    FileSecurity planted = installedFile();
    planted.owner_sid = kAlice;  // a user created it in a folder where users may add files
    const auto reason =
        untrustedReason("C:\\ProgramData\\sysmetrics\\config.json", planted, kSidLocalSystem);
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find("C:\\ProgramData\\sysmetrics\\config.json"), std::string::npos);
    EXPECT_NE(reason->find(std::string("owned by ") + kAlice), std::string::npos) << *reason;
}

TEST(FileTrust, AWriteGrantToANonAdministratorIsRefusedNamingTheSidAndTheRight) {
    FileSecurity shared = installedFile();
    shared.entries.push_back({true, kSidUsers, kReadExecute | kFileAppendData, false});
    auto reason = untrustedReason("key.pem", shared, kSidLocalSystem);
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find(kSidUsers), std::string::npos) << *reason;
    EXPECT_NE(reason->find("APPEND_DATA"), std::string::npos) << *reason;

    for (std::uint32_t right : {kFileWriteData, kWriteDac, kWriteOwner, kDelete, kGenericAll,
                                kGenericWrite, kFileWriteAttributes, kFileWriteEa}) {
        FileSecurity one = installedFile();
        one.entries.push_back({true, kSidEveryone, right, false});
        reason = untrustedReason("f", one, kSidLocalSystem);
        ASSERT_TRUE(reason) << std::hex << right;
        EXPECT_NE(reason->find(writeRightsIn(right)), std::string::npos) << *reason;
    }
}

TEST(FileTrust, InheritOnlyAndDenyEntriesGiveNoWriteAccessToTheFile) {
    FileSecurity folder_like = installedFile();
    folder_like.entries.push_back({true, "S-1-3-0", kFileAllAccess, true});  // CREATOR OWNER (IO)
    folder_like.entries.push_back({false, kSidUsers, kFileWriteData, false});
    EXPECT_FALSE(untrustedReason("f", folder_like, kSidLocalSystem));
}

TEST(FileTrust, NoDaclMeansEveryoneMayWrite) {
    FileSecurity open = installedFile();
    open.null_dacl = true;
    open.entries.clear();
    const auto reason = untrustedReason("f", open, kSidLocalSystem);
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find(kSidEveryone), std::string::npos);
}

TEST(FileTrust, TheDefaultProgramDataFolderLetsUsersAddFilesSoALogThereIsRefused) {
    // C:\ProgramData as Windows ships it: Users (CI)(WD,AD,WEA,WA) applies to the folder itself.
    FileSecurity program_data;
    program_data.owner_sid = kSidLocalSystem;
    program_data.entries = {{true, kSidLocalSystem, kFileAllAccess, false},
                            {true, kSidAdministrators, kFileAllAccess, false},
                            {true, "S-1-3-0", kFileAllAccess, true},
                            {true, kSidUsers, kReadExecute, false},
                            {true, kSidUsers, 0x0002 | 0x0004 | 0x0010 | 0x0100, false}};
    const auto reason = untrustedReason("C:\\ProgramData", program_data, kSidLocalSystem);
    ASSERT_TRUE(reason);
    EXPECT_NE(reason->find("WRITE_DATA|APPEND_DATA|WRITE_EA|WRITE_ATTRIBUTES"), std::string::npos)
        << *reason;
}

TEST(FileTrust, AConsoleRunMayUseItsOwnUsersFiles) {
    FileSecurity own = installedFile();
    own.owner_sid = kAlice;
    own.entries.push_back({true, kAlice, kFileAllAccess, false});
    EXPECT_FALSE(untrustedReason("f", own, kAlice));
    EXPECT_TRUE(untrustedReason("f", own, kSidLocalSystem));  // the service never does
}

TEST(FileTrust, EveryFileTheConfigurationNamesIsChecked) {
    Config config = defaultConfig();
    config.source_path = "C:\\ProgramData\\sysmetrics\\config.json";
    config.web.tls.cert_file = "C:\\certs\\cert.pem";
    config.web.tls.key_file = "C:\\certs\\key.pem";
    config.web.tls.client_ca_file = "C:\\certs\\ca.pem";
    config.log_file = "C:\\logs\\sysmetrics.log";
    const auto files = configuredFiles(config);
    ASSERT_EQ(files.size(), 5u);
    EXPECT_EQ(files[0].what, "config file");
    EXPECT_EQ(files[2].what, "TLS key");
    EXPECT_EQ(files[2].path, "C:\\certs\\key.pem");
    EXPECT_TRUE(files[4].written);
    EXPECT_TRUE(configuredFiles(defaultConfig()).empty());
}

TEST(FileTrust, TheDataFolderDescriptorIsProtectedAndGrantsOnlySystemAndAdministrators) {
    const std::string sddl = kDataFolderSddl;
    EXPECT_EQ(sddl.rfind("O:BA", 0), 0u);            // owner Administrators
    EXPECT_NE(sddl.find("D:P"), std::string::npos);  // protected: nothing inherited
    EXPECT_NE(sddl.find("(A;OICI;FA;;;SY)"), std::string::npos);
    EXPECT_NE(sddl.find("(A;OICI;FA;;;BA)"), std::string::npos);
    EXPECT_EQ(sddl.find(";BU)"), std::string::npos);
    EXPECT_EQ(sddl.find(";WD)"), std::string::npos);
    EXPECT_EQ(sddl.find(";AU)"), std::string::npos);
}

}  // namespace sysmetrics
