// KeptStatFiles on real processes and the real /proc.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "collectors/linux/kept_stat_files.h"
#include "collectors/process.h"
#include "tests/common/eventually.h"

namespace sysmetrics {
namespace {

// A child that sleeps until killed; reaped when this goes.
class SleepingChild {
public:
    SleepingChild() : pid_(fork()) {
        if (pid_ == 0) {
            for (;;) {
                pause();
            }
        }
    }
    ~SleepingChild() { reap(); }
    SleepingChild(const SleepingChild&) = delete;
    SleepingChild& operator=(const SleepingChild&) = delete;
    std::uint32_t pid() const { return static_cast<std::uint32_t>(pid_); }
    void reap() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

private:
    pid_t pid_;
};

// The state letter read through `files`, or "" when the read failed.
std::string stateThrough(KeptStatFiles& files, std::uint32_t pid, int& error) {
    char buffer[4096];
    const auto stat = parseProcStat(files.read(pid, buffer, sizeof buffer, error));
    return stat ? stat->state : std::string();
}

constexpr std::size_t kPlenty = 100;

TEST(KeptStatFiles, ACycleThatKeepsKeepsWhatItReadAndOneThatDoesNotClosesAll) {
    ProcDir proc;
    KeptStatFiles files(proc);
    SleepingChild child;
    ASSERT_GT(child.pid(), 0u);
    int error = -1;
    files.beginCycle(false, kPlenty);
    EXPECT_FALSE(stateThrough(files, child.pid(), error).empty());
    EXPECT_EQ(error, 0);
    files.endCycle();
    EXPECT_EQ(files.keptCount(), 0u);

    files.beginCycle(true, kPlenty);
    EXPECT_FALSE(stateThrough(files, child.pid(), error).empty());
    files.endCycle();
    EXPECT_EQ(files.keptCount(), 1u);

    files.beginCycle(false, kPlenty);
    EXPECT_EQ(files.keptCount(), 0u);
    EXPECT_FALSE(stateThrough(files, child.pid(), error).empty());
    EXPECT_EQ(files.keptCount(), 0u);
}

TEST(KeptStatFiles, AKeptFileReadsCurrentValues) {
    ProcDir proc;
    KeptStatFiles files(proc);
    SleepingChild child;
    int error = 0;
    files.beginCycle(true, kPlenty);
    ASSERT_TRUE(test::eventually([&] { return stateThrough(files, child.pid(), error) == "S"; }));
    ASSERT_EQ(files.keptCount(), 1u);
    ASSERT_EQ(kill(static_cast<pid_t>(child.pid()), SIGSTOP), 0);
    EXPECT_TRUE(test::eventually([&] { return stateThrough(files, child.pid(), error) == "T"; }));
    EXPECT_EQ(files.keptCount(), 1u);  // the same kept file, read again from its start
    kill(static_cast<pid_t>(child.pid()), SIGCONT);
}

TEST(KeptStatFiles, AProcessThatIsGoneReadsAsGoneAndItsFileIsDropped) {
    ProcDir proc;
    KeptStatFiles files(proc);
    SleepingChild child;
    const std::uint32_t pid = child.pid();
    int error = 0;
    files.beginCycle(true, kPlenty);
    ASSERT_FALSE(stateThrough(files, pid, error).empty());
    ASSERT_EQ(files.keptCount(), 1u);
    child.reap();
    EXPECT_TRUE(stateThrough(files, pid, error).empty());
    EXPECT_NE(error, 0);
    EXPECT_EQ(files.keptCount(), 0u);
}

TEST(KeptStatFiles, ProcessesNotReadInACycleAreClosedAtItsEnd) {
    ProcDir proc;
    KeptStatFiles files(proc);
    SleepingChild first, second;
    int error = 0;
    files.beginCycle(true, kPlenty);
    stateThrough(files, first.pid(), error);
    stateThrough(files, second.pid(), error);
    files.endCycle();
    ASSERT_EQ(files.keptCount(), 2u);
    files.beginCycle(true, kPlenty);
    stateThrough(files, second.pid(), error);
    files.endCycle();
    EXPECT_EQ(files.keptCount(), 1u);
}

TEST(KeptStatFiles, NoMoreThanTheBudgetAreKept) {
    ProcDir proc;
    KeptStatFiles files(proc);
    SleepingChild first, second, third;
    int error = 0;
    files.beginCycle(true, 2);
    for (const SleepingChild* child : {&first, &second, &third}) {
        EXPECT_FALSE(stateThrough(files, child->pid(), error).empty());
    }
    EXPECT_EQ(files.keptCount(), 2u);
    files.beginCycle(true, 0);  // no budget: none kept, every read still answers
    EXPECT_EQ(files.keptCount(), 0u);
    EXPECT_FALSE(stateThrough(files, third.pid(), error).empty());
    EXPECT_EQ(files.keptCount(), 0u);
}

TEST(KeptStatFiles, TheBudgetLeavesDescriptorsForEverythingElse) {
    EXPECT_EQ(KeptStatFiles::budgetForLimit(0), 0u);
    EXPECT_EQ(KeptStatFiles::budgetForLimit(1024), 0u);
    EXPECT_EQ(KeptStatFiles::budgetForLimit(4096), 1536u);
    EXPECT_EQ(KeptStatFiles::budgetForLimit(1048576), 16384u);
    EXPECT_EQ(KeptStatFiles::budgetForLimit(UINT64_MAX), 16384u);
}

}  // namespace
}  // namespace sysmetrics
