#include "collectors/system.h"

#include <gtest/gtest.h>

namespace sysmetrics {

TEST(SystemParsing, VersionNumbersFromKernelRelease) {
    const auto v = parseVersionNumbers("6.1.0-18-amd64");
    EXPECT_EQ(v.major, 6u);
    EXPECT_EQ(v.minor, 1u);
    EXPECT_EQ(v.build, 0u);
    const auto w = parseVersionNumbers("10.0.19045");
    EXPECT_EQ(w.build, 19045u);
    const auto partial = parseVersionNumbers("5");
    EXPECT_EQ(partial.major, 5u);
    EXPECT_EQ(partial.minor, 0u);
    const auto junk = parseVersionNumbers("abc");
    EXPECT_EQ(junk.major, 0u);
}

TEST(SystemParsing, PrettyNameIsUnquoted) {
    EXPECT_EQ(prettyNameFromOsRelease(
                  "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"),
              "Debian GNU/Linux 12 (bookworm)");
    EXPECT_EQ(prettyNameFromOsRelease("PRETTY_NAME=Alpine\n"), "Alpine");
    EXPECT_EQ(prettyNameFromOsRelease("NAME=x\n"), "");
}

TEST(SystemParsing, BootTimeFromProcStat) {
    EXPECT_EQ(bootTimeFromProcStat("cpu 1 2 3\nbtime 1700000000\nprocesses 5\n"), 1700000000.0);
    EXPECT_FALSE(bootTimeFromProcStat("cpu 1 2 3\n"));
    EXPECT_FALSE(bootTimeFromProcStat("btime soon\n"));
}

TEST(SystemParsing, ForksFromProcStat) {
    EXPECT_EQ(forksFromProcStat("cpu 1 2 3\nbtime 1700000000\nprocesses 81234\n"), 81234u);
    EXPECT_FALSE(forksFromProcStat("cpu 1 2 3\nprocs_running 2\n"));
    EXPECT_FALSE(forksFromProcStat("processes many\n"));
}

TEST(ProcessCountReuse, KeepsTheCountOnlyWhileNoTaskWasCreatedOrEnded) {
    ProcessCountReuse reuse;
    EXPECT_FALSE(reuse.reuse(100, 50)) << "nothing walked yet";
    reuse.remember(100, 50, 12);
    EXPECT_EQ(reuse.reuse(100, 50), 12u);
    EXPECT_FALSE(reuse.reuse(101, 51)) << "a task was created";
    EXPECT_FALSE(reuse.reuse(100, 49)) << "a task ended";
    EXPECT_FALSE(reuse.reuse(101, 50)) << "one created and one ended: the same task count";
    reuse.remember(101, 50, 13);
    EXPECT_EQ(reuse.reuse(101, 50), 13u);
    EXPECT_FALSE(reuse.reuse(100, 50)) << "only the last walk counts";
}

TEST(ProcessCountReuse, ARecentCountStandsUntilItAgesOrTheTasksMoveByMoreThanTheShare) {
    ProcessCountReuse reuse;
    EXPECT_FALSE(reuse.reuseRecent(100, 1000, 5.0, 60, 0.05)) << "nothing walked yet";
    reuse.remember(100, 1000, 400, 10.0);  // 400 processes, 1,000 threads
    EXPECT_EQ(reuse.reuseRecent(100, 1000, 500.0, 60, 0.05), 400u)
        << "no task created or ended: certain at any age";
    EXPECT_EQ(reuse.reuseRecent(130, 1010, 69.9, 60, 0.05), 400u) << "59.9 s old, 10 tasks more";
    EXPECT_EQ(reuse.reuseRecent(180, 980, 40.0, 60, 0.05), 400u)
        << "20 tasks fewer: 5% of the processes";
    EXPECT_FALSE(reuse.reuseRecent(130, 1010, 70.0, 60, 0.05)) << "a minute old";
    EXPECT_FALSE(reuse.reuseRecent(200, 1021, 20.0, 60, 0.05))
        << "21 tasks more: over 5% of the 400 processes, though 2.1% of the tasks";
    EXPECT_FALSE(reuse.reuseRecent(200, 979, 20.0, 60, 0.05)) << "21 tasks fewer";
    EXPECT_FALSE(reuse.reuseRecent(101, 1000, 9.0, 60, 0.05)) << "a clock before the walk";
    EXPECT_FALSE(reuse.reuse(101, 1000)) << "the exact question stays exact";
}

TEST(SystemParsing, UptimeAndThreads) {
    EXPECT_DOUBLE_EQ(*uptimeFromProcUptime("12345.67 2345.00\n"), 12345.67);
    EXPECT_FALSE(uptimeFromProcUptime(""));
    EXPECT_EQ(threadsFromLoadavg("0.10 0.20 0.30 2/345 6789\n"), 345u);
    EXPECT_FALSE(threadsFromLoadavg("0.10 0.20\n"));
}

TEST(SystemParsing, BootTimeFromTicks) {
    EXPECT_DOUBLE_EQ(bootTimeFromTicks(1000.0, 250500), 749.5);
}

TEST(SystemParsing, WindowsElevenIsNamedFromTheBuildNumber) {
    EXPECT_EQ(windowsProductName("Windows 10 Pro", 22631), "Windows 11 Pro");
    EXPECT_EQ(windowsProductName("Windows 10 Pro", 19045), "Windows 10 Pro");
    EXPECT_EQ(windowsProductName("Windows Server 2022 Standard", 20348),
              "Windows Server 2022 Standard");
    EXPECT_EQ(windowsProductName("", 1), "Windows");
}

}  // namespace sysmetrics
