// The textfile probe of this platform on a real folder (under Wine for the Windows build).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "base/clock.h"
#include "base/paths.h"
#include "collectors/textfile.h"

namespace sysmetrics {

namespace {

namespace fs = std::filesystem;

fs::path freshDirectory() {
    const fs::path dir =
        fs::temp_directory_path() /
        ("sysmetrics-textfile-test-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(dir);
    return dir;
}

void write(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

}  // namespace

TEST(TextfileProbe, ReadsOnlyPromFilesWithSizeAndMtime) {
    const fs::path dir = freshDirectory();
    write(dir / "a.prom", "a 1\n");
    write(dir / "b.prom.tmp", "b 1\n");  // a writer's temporary file
    write(dir / "notes.txt", "c 1\n");
    write(dir / "big.prom", std::string(100, '#') + "\n");
    fs::create_directories(dir / "dir.prom");
    auto files = readTextfileDirectory(dir.string(), 50);
    ASSERT_TRUE(files.ok()) << files.error().describe();
    std::map<std::string, RawTextfile> by_name;
    for (const auto& file : files.value()) {
        by_name[fs::path(file.path).filename().string()] = file;
    }
    ASSERT_EQ(by_name.size(), 2u) << "only a.prom and big.prom";
    const RawTextfile& a = by_name.at("a.prom");
    EXPECT_EQ(a.content, "a 1\n");
    EXPECT_EQ(a.size, 4u);
    EXPECT_EQ(a.read_error, "");
    EXPECT_NEAR(a.mtime, wallSeconds(), 600);
    EXPECT_EQ(fs::path(a.path), dir / "a.prom");
    const RawTextfile& big = by_name.at("big.prom");
    EXPECT_NE(big.read_error.find("101 bytes, over the limit of 50"), std::string::npos);
    EXPECT_TRUE(big.content.empty());
    fs::remove_all(dir);
}

TEST(TextfileProbe, AFileTheSkipCallsUnchangedIsListedButNotRead) {
    const fs::path dir = freshDirectory();
    write(dir / "a.prom", "a 1\n");
    write(dir / "b.prom", "b 22\n");
    std::map<std::string, std::pair<std::uint64_t, double>> asked;
    auto files = readTextfileDirectory(
        dir.string(), 1000, [&](const std::string& path, std::uint64_t size, double mtime) {
            asked[fs::path(path).filename().string()] = {size, mtime};
            return fs::path(path).filename() == "a.prom";
        });
    ASSERT_TRUE(files.ok()) << files.error().describe();
    ASSERT_EQ(asked.size(), 2u);
    EXPECT_EQ(asked.at("b.prom").first, 5u);
    EXPECT_NEAR(asked.at("b.prom").second, wallSeconds(), 600);
    for (const auto& file : files.value()) {
        const bool a = fs::path(file.path).filename() == "a.prom";
        EXPECT_EQ(file.unchanged, a);
        EXPECT_EQ(file.content, a ? "" : "b 22\n");
        EXPECT_EQ(file.size, a ? 4u : 5u);
        EXPECT_NEAR(file.mtime, wallSeconds(), 600);
        if (!a) {
            EXPECT_NEAR(file.read_at, wallSeconds(), 600);
        }
    }
    fs::remove_all(dir);
}

TEST(TextfileProbe, AMissingFolderIsAnErrorNamingIt) {
    const fs::path dir = freshDirectory() / "missing";
    auto files = readTextfileDirectory(dir.string(), 1000);
    ASSERT_FALSE(files.ok());
    EXPECT_NE(files.error().describe().find("missing"), std::string::npos)
        << files.error().describe();
    fs::remove_all(dir.parent_path());
}

TEST(TextfileProbe, TheFolderIsCreatedWithItsParents) {
    const fs::path base = freshDirectory();
    const fs::path dir = base / "sysmetrics" / "textfile";
#ifndef _WIN32
    const mode_t old_mask = ::umask(077);  // a strict umask must not narrow the mode
#endif
    auto made = ensureTextfileDirectory(dir.string());
#ifndef _WIN32
    ::umask(old_mask);
#endif
    ASSERT_TRUE(made.ok()) << made.error().describe();
    EXPECT_TRUE(fs::is_directory(dir));
    EXPECT_TRUE(ensureTextfileDirectory(dir.string()).ok());  // again: nothing to do
#ifndef _WIN32
    struct stat info {};
    ASSERT_EQ(::stat(dir.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0755u);
    EXPECT_EQ(info.st_uid, ::geteuid());
    ASSERT_EQ(::stat(dir.parent_path().c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0755u);
#endif
    write(base / "file", "x");
    EXPECT_FALSE(ensureTextfileDirectory((base / "file").string()).ok());
    fs::remove_all(base);
}

TEST(TextfileProbe, TheDefaultFolderIsThePlatformOne) {
#ifdef _WIN32
    const std::string dir = defaultTextfileDirectory();
    EXPECT_NE(dir.find("\\sysmetrics\\textfile"), std::string::npos) << dir;
    EXPECT_EQ(dir.find("%"), std::string::npos) << dir;  // resolved, not an environment string
#else
    EXPECT_EQ(defaultTextfileDirectory(), "/var/lib/sysmetrics/textfile");
#endif
}

}  // namespace sysmetrics
