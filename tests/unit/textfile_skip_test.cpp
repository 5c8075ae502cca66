#include <gtest/gtest.h>

#include <map>

#include "base/clock.h"
#include "collectors/textfile.h"
#include "collectors/textfile_skip.h"

namespace sysmetrics {

namespace {

KeptTextfile keptAt(double mtime, double read_at) {
    KeptTextfile kept;
    kept.parsed = std::make_shared<ParsedTextfile>();
    kept.size = 4;
    kept.mtime = mtime;
    kept.read_at = read_at;
    return kept;
}

}  // namespace

TEST(TextfileSkip, OnlyASettledUnchangedListingIsTrusted) {
    const KeptTextfile kept = keptAt(1000, 1010);
    EXPECT_TRUE(textfileUnchanged(kept, 4, 1000, 1025));
    EXPECT_FALSE(textfileUnchanged(kept, 5, 1000, 1025));                // size changed
    EXPECT_FALSE(textfileUnchanged(kept, 4, 1000.5, 1025));              // mtime changed
    EXPECT_FALSE(textfileUnchanged(keptAt(1008, 1010), 4, 1008, 1025));  // written just before
    EXPECT_FALSE(textfileUnchanged(kept, 4, 1000, 1010 + kTextfileRereadAfter));  // read again
    EXPECT_FALSE(textfileUnchanged(kept, 4, 1000, 1005));             // the clock went back
    EXPECT_FALSE(textfileUnchanged(keptAt(1000, 0), 4, 1000, 1025));  // read time unknown
    EXPECT_FALSE(textfileUnchanged(KeptTextfile{}, 0, 0, 1025));      // nothing kept
}

// A reader that honours the skip as the probes do, over an in-memory folder.
TEST(TextfileSkip, TheCollectorReadsAFileAgainOnlyWhenItsListingChanged) {
    struct File {
        std::string content;
        double mtime;
    };
    const double minute_ago = wallSeconds() - 60;
    std::map<std::string, File> folder = {{"/t/a.prom", {"a 1\n", minute_ago}}};
    int reads = 0;
    TextfileOptions options;
    options.directories = {"/t"};
    TextfileCollector collector(options,
                                [&](const std::string&, std::uint64_t,
                                    const TextfileSkip& skip) -> Result<std::vector<RawTextfile>> {
                                    std::vector<RawTextfile> files;
                                    for (const auto& [path, file] : folder) {
                                        RawTextfile raw;
                                        raw.path = path;
                                        raw.size = file.content.size();
                                        raw.mtime = file.mtime;
                                        if (skip(path, raw.size, raw.mtime)) {
                                            raw.unchanged = true;
                                        } else {
                                            raw.content = file.content;
                                            raw.read_at = wallSeconds();
                                            reads++;
                                        }
                                        files.push_back(raw);
                                    }
                                    return files;
                                });
    const auto familyText = [&] {
        auto collected = collector.collect();
        EXPECT_TRUE(collected.ok());
        const auto& section = dynamic_cast<const TextfileSection&>(*collected.value());
        return section.families.empty() ? std::string("absent") : section.families[0].text;
    };
    EXPECT_EQ(familyText(), "# TYPE a untyped\na 1\n");
    EXPECT_EQ(familyText(), "# TYPE a untyped\na 1\n");  // served from the kept parse, unread
    EXPECT_EQ(reads, 1);
    folder["/t/a.prom"] = {"a 2\n", minute_ago + 1};  // same size, a newer mtime
    EXPECT_EQ(familyText(), "# TYPE a untyped\na 2\n");
    EXPECT_EQ(reads, 2);
    folder["/t/a.prom"] = {"a 3\n", wallSeconds()};  // written just now: not trusted next time
    EXPECT_EQ(familyText(), "# TYPE a untyped\na 3\n");
    EXPECT_EQ(familyText(), "# TYPE a untyped\na 3\n");
    EXPECT_EQ(reads, 4);
}

}  // namespace sysmetrics
