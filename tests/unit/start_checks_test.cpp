// check-config runs the start's own checks where they have no side effect, so that a
// configuration it calls valid also starts (service/start_checks.h).
#include "service/start_checks.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "service/collector_catalog.h"
#include "tests/common/fifo.h"
#include "tests/common/scratch_dir.h"

namespace sysmetrics {

namespace {

namespace fs = std::filesystem;

const std::string kTlsDir = std::string(SYSMETRICS_SOURCE_DIR) + "/tests/data/tls/";

// The message checkStartable gives, "" when it finds nothing wrong.
std::string startProblem(const Config& config) {
    auto status = checkStartable(config);
    return status.ok() ? "" : status.error().message;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

Config withTls(const std::string& cert, const std::string& key) {
    Config config = defaultConfig();
    config.web.tls.cert_file = cert;
    config.web.tls.key_file = key;
    return config;
}

Config withLogFile(const fs::path& path) {
    Config config = defaultConfig();
    config.log_file = path.u8string();
    return config;
}

std::string contentOf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST(StartChecks, TheDefaultConfigurationStarts) {
    EXPECT_EQ(startProblem(defaultConfig()), "");
}

// check-config said valid for TLS files the start then refused: missing, not PEM, or a key that
// is not the certificate's.
TEST(StartChecks, WebTlsFilesAreLoadedAsACertificateAndItsKey) {
    EXPECT_EQ(startProblem(withTls(kTlsDir + "server.pem", kTlsDir + "server.key")), "");
    Config mutual = withTls(kTlsDir + "server.pem", kTlsDir + "server.key");
    mutual.web.tls.client_ca_file = kTlsDir + "ca.pem";
    EXPECT_EQ(startProblem(mutual), "");

    const test::ScratchDir scratch;
    const std::string missing = (scratch.path() / "missing.pem").string();
    const std::string absent = startProblem(withTls(missing, kTlsDir + "server.key"));
    EXPECT_TRUE(contains(absent, "web.tls.cert_file: open " + missing)) << absent;

    const std::string other_key =
        startProblem(withTls(kTlsDir + "server.pem", kTlsDir + "client.key"));
    EXPECT_TRUE(contains(other_key, "cannot use cert_file '" + kTlsDir +
                                        "server.pem' with key_file '" + kTlsDir + "client.key'"))
        << other_key;

    const std::string text = (scratch.path() / "cert.txt").string();
    std::ofstream(text) << "not a certificate\n";
    const std::string not_pem = startProblem(withTls(text, kTlsDir + "server.key"));
    EXPECT_TRUE(contains(not_pem, "cannot use cert_file '" + text + "'")) << not_pem;
}

// check-config said valid for a log_file the start could not open: a folder, a path through a
// file. The check writes nothing: an existing file keeps its content, a new one is not left
// behind.
TEST(StartChecks, TheLogFileMustOpenForAppendingAndIsNotLeftBehind) {
    const test::ScratchDir scratch;
    const fs::path fresh = scratch.path() / "new" / "deeper" / "sysmetrics.log";
    EXPECT_EQ(startProblem(withLogFile(fresh)), "");
    EXPECT_FALSE(fs::exists(scratch.path() / "new"));
    EXPECT_EQ(startProblem(withLogFile(scratch.path() / "sysmetrics.log")), "");
    EXPECT_FALSE(fs::exists(scratch.path() / "sysmetrics.log"));

    const fs::path existing = scratch.path() / "existing.log";
    std::ofstream(existing, std::ios::binary) << "earlier lines\n";
    EXPECT_EQ(startProblem(withLogFile(existing)), "");
    EXPECT_EQ(contentOf(existing), "earlier lines\n");

    const std::string folder = startProblem(withLogFile(scratch.path()));
    EXPECT_TRUE(contains(folder, "log file '" + scratch.path().u8string() + "'")) << folder;
    EXPECT_TRUE(contains(folder, "is a directory")) << folder;

    const fs::path through_file = existing / "sysmetrics.log";
    const std::string not_folder = startProblem(withLogFile(through_file));
    EXPECT_TRUE(contains(not_folder, "log file '" + through_file.u8string() + "'")) << not_folder;
    EXPECT_TRUE(contains(not_folder, "'" + existing.u8string() + "' is not a folder"))
        << not_folder;
}

#ifndef _WIN32
// A read-only file, or a folder that takes no new file (not for root, whom neither stops).
TEST(StartChecks, ALogFileThatMayNotBeWrittenIsRefused) {
    if (::geteuid() == 0) {
        GTEST_SKIP() << "root may write anything";
    }
    const test::ScratchDir scratch;
    const fs::path read_only = scratch.path() / "read-only.log";
    std::ofstream(read_only) << "x\n";
    fs::permissions(read_only, fs::perms::owner_read);
    const std::string denied = startProblem(withLogFile(read_only));
    EXPECT_TRUE(contains(denied, "cannot be opened for appending")) << denied;

    const fs::path closed = scratch.path() / "closed";
    fs::create_directories(closed);
    fs::permissions(closed, fs::perms::owner_read | fs::perms::owner_exec);
    const std::string no_entry = startProblem(withLogFile(closed / "sysmetrics.log"));
    EXPECT_TRUE(contains(no_entry, "cannot be created in '" + closed.u8string() + "'")) << no_entry;
    fs::permissions(closed, fs::perms::owner_all);
}

// Opening a FIFO for writing waits for a reader: the start would hang there. Refused at once.
TEST(StartChecks, ALogFileThatIsAFifoNoOneReadsIsRefusedWithoutWaiting) {
    const test::ScratchDir scratch;
    const std::string fifo = (scratch.path() / "log-fifo").string();
    ASSERT_TRUE(test::makeFifo(fifo));
    std::string problem;
    EXPECT_TRUE(test::returnsWithin(std::chrono::seconds(10), fifo,
                                    [&] { problem = startProblem(withLogFile(fifo)); }));
    EXPECT_TRUE(contains(problem, "log file '" + fifo + "'")) << problem;
    EXPECT_TRUE(contains(problem, "is a FIFO no one reads")) << problem;
}
#endif

// check-config said valid for a remote write queue folder that was a file; the start then failed.
TEST(StartChecks, TheRemoteWriteQueueFolderIsNotAFile) {
    const test::ScratchDir scratch;
    Config config = defaultConfig();
    config.remote_write.url = "http://127.0.0.1:9/api/v1/write";
    config.remote_write.queue_directory = (scratch.path() / "queue" / "deeper").u8string();
    EXPECT_EQ(startProblem(config), "");
    EXPECT_FALSE(fs::exists(scratch.path() / "queue"));  // made at start, not here

    const fs::path file = scratch.path() / "queue-file";
    std::ofstream(file) << "x\n";
    config.remote_write.queue_directory = file.u8string();
    const std::string is_file = startProblem(config);
    EXPECT_EQ(is_file, "key 'remote_write.queue.directory' names '" + file.u8string() +
                           "', which is a file, not a folder");
    config.remote_write.queue_directory = (file / "q").u8string();
    const std::string under_file = startProblem(config);
    EXPECT_TRUE(contains(under_file, "which cannot be made: '" + file.u8string() + "' is a file"))
        << under_file;

    config.remote_write.url.clear();  // off: the queue is never made
    EXPECT_EQ(startProblem(config), "");
}

}  // namespace sysmetrics
