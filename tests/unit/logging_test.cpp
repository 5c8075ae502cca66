#include "service/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/common/scratch_dir.h"

namespace sysmetrics {
namespace {

namespace fs = std::filesystem;

// A log_file under a non-ASCII folder (a localized user or ProgramData path) is created and
// written by its UTF-8 name: on Windows, spdlog's narrow fopen read it in the ANSI code page
// (audit W18).
TEST(Logging, ALogFileWithANonAsciiPathIsWrittenThere) {
    const test::ScratchDir scratch;
    const fs::path folder = scratch.path() / fs::u8path(u8"journ\u00e9es-\u65e5\u5fd7");
    fs::create_directories(folder);
    const fs::path file = folder / fs::u8path(u8"\u00e9v\u00e9nements.log");
    const auto previous = spdlog::default_logger();
    Config config;
    config.log_file = file.u8string();
    auto logging = setupLogging(config, LogTarget::service);
    ASSERT_TRUE(logging.ok()) << logging.error().describe();
    spdlog::info("a line with a non-ASCII word: caf\u00e9");
    spdlog::default_logger()->flush();
    spdlog::set_default_logger(previous);  // closes the file

    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << "no log file at " << file.u8string();
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find(u8"a line with a non-ASCII word: caf\u00e9"), std::string::npos)
        << text.str();
}

}  // namespace
}  // namespace sysmetrics
