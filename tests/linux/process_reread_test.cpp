// The Linux process source's reuse of unchanged rows, on real processes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>

#include "collectors/process.h"

namespace sysmetrics {
namespace {

// A child that, for each byte it is sent, writes 100 bytes to /dev/null and answers: I/O too
// small to cost it a clock tick, so its /proc/[pid]/stat may read the same before and after.
class QuietWriter {
public:
    QuietWriter() {
        int to_child[2], from_child[2];
        if (pipe(to_child) != 0 || pipe(from_child) != 0) {
            return;
        }
        pid_ = fork();
        if (pid_ == 0) {
            close(to_child[1]);
            close(from_child[0]);
            const int sink = open("/dev/null", O_WRONLY);
            char byte = 0;
            char block[100] = {};
            while (read(to_child[0], &byte, 1) == 1) {
                if (write(sink, block, sizeof block) != sizeof block ||
                    write(from_child[1], &byte, 1) != 1) {
                    _exit(1);
                }
            }
            _exit(0);
        }
        close(to_child[0]);
        close(from_child[1]);
        command_ = to_child[1];
        answer_ = from_child[0];
    }
    ~QuietWriter() {
        close(command_);
        close(answer_);
        if (pid_ > 0) {
            waitpid(pid_, nullptr, 0);
        }
    }
    QuietWriter(const QuietWriter&) = delete;
    QuietWriter& operator=(const QuietWriter&) = delete;
    std::uint32_t pid() const { return static_cast<std::uint32_t>(pid_); }
    // Returns once the child has written.
    bool writeOnce() {
        char byte = 1;
        return write(command_, &byte, 1) == 1 && read(answer_, &byte, 1) == 1;
    }

private:
    pid_t pid_ = -1;
    int command_ = -1, answer_ = -1;
};

std::optional<std::uint64_t> writtenBy(ProcessSource& source, std::uint32_t pid) {
    auto list = source.list();
    if (!list.ok()) {
        return std::nullopt;
    }
    for (const auto& process : list.value().processes) {
        if (process.pid == pid) {
            return process.io_write_bytes;
        }
    }
    return std::nullopt;
}

TEST(LinuxProcessReuse, IoOfAProcessWhoseStatDidNotChangeIsReadWithinNineCycles) {
    QuietWriter child;
    ASSERT_GT(child.pid(), 0u);
    for (int i = 0; i < 3; i++) {
        ASSERT_TRUE(child.writeOnce());  // its first writes fault pages in; later ones need not
    }
    double clock = 0;
    auto source =
        makeProcessSource(ProcessSourceOptions{false, false, [&] { return clock += 15; }});
    std::optional<std::uint64_t> before;
    for (int cycle = 0; cycle < 3 && !before; cycle++) {
        before = writtenBy(*source, child.pid());
    }
    ASSERT_TRUE(before) << "no io counters for the child";
    ASSERT_TRUE(child.writeOnce());
    // An unchanged process's row is reused for at most 8 cycles; io is read again on the 9th
    // whether or not its stat changed.
    std::optional<std::uint64_t> now;
    for (int cycle = 0; cycle < 9 && !(now && *now >= *before + 100); cycle++) {
        now = writtenBy(*source, child.pid());
    }
    ASSERT_TRUE(now);
    EXPECT_GE(*now, *before + 100);
}

TEST(LinuxProcessReuse, CyclesMinutesApartReuseNothingAndSeeEveryChangeAtOnce) {
    QuietWriter child;
    ASSERT_GT(child.pid(), 0u);
    for (int i = 0; i < 3; i++) {
        ASSERT_TRUE(child.writeOnce());
    }
    double clock = 0;
    // Five minutes apart: a collector nobody reads.
    auto source =
        makeProcessSource(ProcessSourceOptions{false, false, [&] { return clock += 300; }});
    for (int round = 0; round < 3; round++) {
        const auto before = writtenBy(*source, child.pid());
        ASSERT_TRUE(before);
        ASSERT_TRUE(child.writeOnce());
        const auto after = writtenBy(*source, child.pid());
        ASSERT_TRUE(after);
        EXPECT_GE(*after, *before + 100) << "round " << round;
    }
}

}  // namespace
}  // namespace sysmetrics
