#include "base/file_read.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/common/fifo.h"
#include "tests/common/scratch_dir.h"

namespace sysmetrics {
namespace {

namespace fs = std::filesystem;

// A folder of the test's own, removed at the end (gtest's random seed, which named it before, is 0
// without --gtest_shuffle: two runs on one machine removed each other's folders).
struct TemporaryFolder {
    test::ScratchDir scratch;
    fs::path path = scratch.path();
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

// A file the configuration names is read only when it is a regular file of bounded size: a FIFO
// waited forever for a writer, a device such as /dev/zero was read until memory ran out.
TEST(ReadConfiguredFile, ARegularFileIsReadWhole) {
    TemporaryFolder folder;
    const fs::path file = folder.path / "token";
    std::ofstream(file, std::ios::binary) << "secret\n";
    auto text = readConfiguredFile(file.u8string(), "a token file");
    ASSERT_TRUE(text.ok()) << text.error().describe();
    EXPECT_EQ(text.value(), "secret\n");
}

TEST(ReadConfiguredFile, AMissingFileIsTheOsErrorNamingIt) {
    TemporaryFolder folder;
    const std::string path = (folder.path / "absent").u8string();
    auto text = readConfiguredFile(path, "a token file");
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::not_found);
    EXPECT_EQ(text.error().where, "open " + path);
}

TEST(ReadConfiguredFile, AFolderIsRefused) {
    TemporaryFolder folder;
    auto text = readConfiguredFile(folder.path.u8string(), "a token file");
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::invalid_data);
    EXPECT_EQ(text.error().detail, "is a directory");
}

TEST(ReadConfiguredFile, AFileOverTheBoundIsRefusedUnread) {
    TemporaryFolder folder;
    const fs::path file = folder.path / "big.pem";
    std::ofstream(file, std::ios::binary) << std::string(101, 'x');
    auto text = readConfiguredFile(file.u8string(), "a certificate file", 100);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::invalid_data);
    EXPECT_EQ(text.error().detail, "is 101 bytes; a certificate file may have at most 100");
    EXPECT_TRUE(readConfiguredFile(file.u8string(), "a certificate file", 101).ok());
}

#ifdef _WIN32
TEST(ReadConfiguredFile, ADeviceIsRefused) {
    auto text = readConfiguredFile("NUL", "a token file");
    ASSERT_FALSE(text.ok());
    EXPECT_NE(text.error().detail.find("is not a regular file"), std::string::npos)
        << text.error().describe();
}
#else
TEST(ReadConfiguredFile, ADeviceIsRefused) {
    auto text = readConfiguredFile("/dev/zero", "a token file");
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::invalid_data);
    EXPECT_EQ(text.error().detail,
              "is not a regular file (a FIFO, device or socket cannot be a token file)");
}

TEST(ReadConfiguredFile, AFifoIsRefusedWithoutWaitingForAWriter) {
    TemporaryFolder folder;
    const std::string fifo = (folder.path / "fifo").u8string();
    ASSERT_TRUE(test::makeFifo(fifo));
    Result<std::string> text = std::string();
    EXPECT_TRUE(test::returnsWithin(std::chrono::seconds(10), fifo,
                                    [&] { text = readConfiguredFile(fifo, "a token file"); }));
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, ErrorCode::invalid_data);
    EXPECT_NE(text.error().detail.find("is not a regular file"), std::string::npos)
        << text.error().describe();
}
#endif

}  // namespace
}  // namespace sysmetrics
