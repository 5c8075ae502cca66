#include "base/file_read.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sysmetrics {
namespace {

namespace fs = std::filesystem;

// A folder of the test's own, removed at the end.
struct TemporaryFolder {
    fs::path path;
    TemporaryFolder() {
        path = fs::temp_directory_path() /
               fs::u8path("sysmetrics-file-read-" +
                          std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(path);
    }
    ~TemporaryFolder() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

// Paths in config (a TLS key, a bearer token file) are UTF-8; on Windows the file must be found
// by that name whatever the ANSI code page (audit W18).
TEST(ReadTextFile, AFileWithANonAsciiNameIsReadByItsUtf8Path) {
    TemporaryFolder folder;
    const fs::path file = folder.path / fs::u8path(u8"z\u00e4hler-\u20ac-\u65e5\u672c.pem");
    {
        std::ofstream out(file, std::ios::binary);
        out << "content\r\n";
    }
    auto text = readTextFile(file.u8string());
    ASSERT_TRUE(text.ok()) << text.error().describe();
    EXPECT_EQ(text.value(), "content\r\n");
}

TEST(ReadTextFile, AMissingFileIsNotFoundNamingIt) {
    TemporaryFolder folder;
    const std::string path = (folder.path / fs::u8path(u8"fehlt-\u00fc.txt")).u8string();
    auto text = readTextFile(path);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::not_found);
    EXPECT_NE(text.error().describe().find(path), std::string::npos) << text.error().describe();
}

}  // namespace
}  // namespace sysmetrics
