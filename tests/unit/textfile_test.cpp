#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "collectors/textfile.h"
#include "collectors/textfile_parser.h"
#include "http/prometheus/metrics_endpoint.h"
#include "http/prometheus/own_families.h"
#include "service/collector_catalog.h"

namespace sysmetrics {

namespace {

std::string parseError(const std::string& text) {
    auto result = parseTextfile(text);
    return result.ok() ? "" : result.error().message;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string rendered(const std::string& text) {
    auto result = parseTextfile(text);
    EXPECT_TRUE(result.ok()) << result.error().message;
    std::string out;
    if (result.ok()) {
        for (const auto& family : result.value()) {
            appendTextfileFamilyHeader(family, out);
            for (const auto& sample : family.samples) {
                appendTextfileSample(sample, out);
            }
        }
    }
    return out;
}

RawTextfile raw(const std::string& path, const std::string& content) {
    RawTextfile file;
    file.path = path;
    file.content = content;
    file.size = content.size();
    file.mtime = 1700000000;
    return file;
}

std::string readFixture(const std::string& name) {
    std::ifstream in(std::string(SYSMETRICS_SOURCE_DIR) + "/tests/data/textfile/" + name,
                     std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST(TextfileParser, ReadsHelpTypeLabelsAndEscapes) {
    auto result = parseTextfile(
        "# HELP jobs_total Jobs run\\nby the \\\\ scheduler.\n"
        "# TYPE jobs_total counter\n"
        "jobs_total{job=\"a \\\"b\\\"\",path=\"C:\\\\x\\ny\"} 3\n"
        "jobs_total{job=\"c\",path=\"\",} 4\n"
        "# a plain comment\n"
        "\n"
        "temperature_celsius -1.5e1\n");
    ASSERT_TRUE(result.ok()) << result.error().message;
    const auto& families = result.value();
    ASSERT_EQ(families.size(), 2u);
    EXPECT_EQ(families[0].name, "jobs_total");
    EXPECT_EQ(families[0].help, "Jobs run\nby the \\ scheduler.");
    EXPECT_EQ(families[0].type, "counter");
    ASSERT_EQ(families[0].samples.size(), 2u);
    EXPECT_EQ(families[0].samples[0].labels[0].second, "a \"b\"");
    EXPECT_EQ(families[0].samples[0].labels[1].second, "C:\\x\ny");
    EXPECT_EQ(families[1].type, "untyped");
    EXPECT_EQ(families[1].samples[0].value, "-1.5e1");
}

TEST(TextfileParser, WritesEscapesBack) {
    const std::string text =
        "# HELP a_total Help with \\\\ and \\n.\n"
        "# TYPE a_total counter\n"
        "a_total{v=\"q\\\"\\\\\\n\"} 1\n";
    EXPECT_EQ(rendered(text), text);
}

TEST(TextfileParser, AcceptsSpecialValuesAndWindowsLineEnds) {
    EXPECT_EQ(parseError("a NaN\nb +Inf\nc -Inf\nd 1e-3\n"), "");
    EXPECT_EQ(parseError("\xEF\xBB\xBF# TYPE a gauge\r\na 1\r\n"), "");
    EXPECT_EQ(parseError(""), "");
}

TEST(TextfileParser, RefusesTimestampsAsNodeExporterDoes) {
    EXPECT_NE(parseError("a 1 1700000000000\n").find("line 1: a has a timestamp"),
              std::string::npos);
}

TEST(TextfileParser, RefusesAHalfWrittenFile) {
    EXPECT_NE(parseError("a 1\nb 2").find("does not end with a newline"), std::string::npos);
    EXPECT_NE(parseError("a 1\nb").find("does not end with a newline"), std::string::npos);
}

TEST(TextfileParser, RefusesUtf16) {
    EXPECT_NE(parseError(std::string("\xff\xfe"
                                     "a\0 \0"
                                     "1\0\n\0",
                                     10))
                  .find("UTF-16"),
              std::string::npos);
}

TEST(TextfileParser, EveryBrokenLineIsNamedWithItsNumber) {
    const std::pair<const char*, const char*> cases[] = {
        {"a 1\n1a 2\n", "line 2: expected a metric name"},
        {"a{b=\"1\" 2\n", "line 1: a: expected ',' or '}' after label b"},
        {"a{b=1} 2\n", "line 1: a: label b needs a double-quoted value"},
        {"a{b=\"1\\t\"} 2\n", "line 1: a: label b has an invalid escape"},
        {"a{b=\"x} 2\n", "line 1: a: label b has no closing quote"},
        {"a{__b=\"1\"} 2\n", "line 1: a: label name __b is reserved"},
        {"a{b=\"1\",b=\"2\"} 2\n", "line 1: a: label b given twice"},
        {"a{b=\"\xff\"} 2\n", "line 1: a: label b is not valid UTF-8"},
        {"a one\n", "line 1: a: value 'one' is not a number"},
        {"a 0x10\n", "line 1: a: value '0x10' is not a number"},
        {"a\n", "line 1: a: expected a space and a value"},
        {"# HELP a x\n# HELP a y\na 1\n", "line 2: second HELP line for a"},
        {"# HELP a x\\q\n", "line 1: HELP a has an invalid escape"},
        {"# TYPE a gauge\n# TYPE a gauge\na 1\n", "line 2: second TYPE line for a"},
        {"# TYPE a meter\n", "line 1: TYPE a 'meter' is not counter"},
        {"a 1\n# TYPE a gauge\n", "line 2: TYPE a comes after its samples"},
        {"# HELP h x\nh_count 4\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 4\n",
         "line 3: TYPE h histogram comes after samples of h_count, which are its own"},
        {"s_sum 1\n# TYPE s summary\n", "line 2: TYPE s summary comes after samples of s_sum"},
        {"a 1\nb 1\na{x=\"1\"} 2\n", "line 3: the samples of a are not together"},
        {"a{x=\"1\"} 1\na{x=\"1\"} 2\n", "line 2: a: the same series"},
        {"a{x=\"1\"} 1\na{x=\"2\",y=\"1\"} 2\n", "line 2: a: label names differ"},
        {"# TYPE h histogram\nh_bucket 1\n",
         "line 2: h_bucket: a histogram sample needs the label le"},
        {"# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
         "line 2: h_bucket: label le=\"x\" is not a number"},
        {"# TYPE s summary\ns 1\n", "line 2: s: a summary sample needs the label quantile"},
        {"# TYPE h histogram\nh 1\n", "line 2: h: a histogram has only _bucket"},
    };
    for (const auto& [text, expected] : cases) {
        const std::string input(text);
        const std::string error = parseError(input);
        EXPECT_NE(error.find(expected), std::string::npos)
            << "input: " << input << "\nerror: " << error;
    }
    EXPECT_NE(parseError(std::string("a 1\0\n", 5)).find("NUL"), std::string::npos);
}

TEST(TextfileParser, HistogramAndSummarySamplesJoinTheirFamily) {
    auto result = parseTextfile(
        "# TYPE h histogram\n"
        "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
        "# TYPE s summary\n"
        "s{quantile=\"0.5\"} 1\ns_sum 3\ns_count 2\n");
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result.value().size(), 2u);
    EXPECT_EQ(result.value()[0].samples.size(), 4u);
    EXPECT_EQ(result.value()[1].samples.size(), 3u);
}

TEST(TextfileMerge, AFileIsServedWholeOrRefusedWhole) {
    TextfileOptions options;
    options.reserved = [](const std::string& name) {
        return isOwnMetricName(name, MetricNaming::windows);
    };
    const auto section = mergeTextfiles(
        {raw("a.prom", "# TYPE jobs gauge\njobs{job=\"x\"} 1\n"),
         raw("b.prom", "jobs{job=\"y\"} 2\nother 1\n"),             // type differs: untyped
         raw("c.prom", "# TYPE jobs gauge\njobs{job=\"x\"} 3\n"),   // duplicate series
         raw("d.prom", "# TYPE jobs gauge\njobs{host=\"x\"} 3\n"),  // other label names
         raw("e.prom", "windows_cpu_time_total 1\n"),               // ours
         raw("f.prom", "# TYPE jobs gauge\njobs{job=\"z\"} 4\nbroken\n"),
         raw("g.prom", "# TYPE jobs gauge\njobs{job=\"w\"} 5\n")},
        options);
    ASSERT_EQ(section.files.size(), 7u);
    EXPECT_EQ(section.files[0].error, "");
    EXPECT_NE(section.files[1].error.find("family jobs is a untyped here but a gauge in a.prom"),
              std::string::npos)
        << section.files[1].error;
    EXPECT_NE(section.files[2].error.find("already served from another file (a.prom)"),
              std::string::npos)
        << section.files[2].error;
    EXPECT_NE(section.files[3].error.find("other label names than in a.prom"), std::string::npos);
    EXPECT_NE(section.files[4].error.find("clashes with sysmetrics' own metric"),
              std::string::npos);
    EXPECT_NE(section.files[5].error.find("line 3"), std::string::npos);
    EXPECT_EQ(section.files[6].error, "");
    ASSERT_EQ(section.families.size(), 1u);  // "other" from b.prom was refused with its file
    EXPECT_EQ(section.families[0].text,
              "# TYPE jobs gauge\njobs{job=\"x\"} 1\njobs{job=\"w\"} 5\n");
    EXPECT_EQ(section.files[6].series, 1u);
}

TEST(TextfileMerge, SizeCapAndReadErrorsComeFromTheProbe) {
    RawTextfile big = raw("big.prom", "");
    big.read_error = "the file is 10 bytes, over the limit of 5";
    const auto section = mergeTextfiles({big, raw("ok.prom", "a 1\n")}, TextfileOptions{});
    EXPECT_EQ(section.files[0].error, big.read_error);
    EXPECT_EQ(section.families.size(), 1u);
}

TEST(TextfileCollector, DirectoryErrorsAreNotesAndOtherDirectoriesStillServe) {
    TextfileOptions options;
    options.directories = {"/missing", "/here"};
    TextfileCollector collector(
        options, [](const std::string& dir, std::uint64_t) -> Result<std::vector<RawTextfile>> {
            if (dir == "/missing") {
                return Error{ErrorCode::not_found, 2, "opendir /missing"};
            }
            return std::vector<RawTextfile>{raw("/here/b.prom", "b 1\n"),
                                            raw("/here/a.prom", "a 1\nbad line\n")};
        });
    auto collected = collector.collect();
    ASSERT_TRUE(collected.ok());
    const auto* section = dynamic_cast<const TextfileSection*>(collected.value().get());
    ASSERT_NE(section, nullptr);
    ASSERT_EQ(section->files.size(), 2u);
    EXPECT_EQ(section->files[0].path, "/here/a.prom");  // sorted
    const auto notes = collector.notes();
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_NE(notes[0].find("directory /missing"), std::string::npos);
    EXPECT_NE(notes[1].find("file /here/a.prom: line 2"), std::string::npos);
}

TEST(TextfileCollector, AnUnchangedFileIsNotParsedAgainAndAChangedOneIs) {
    std::map<std::string, std::string> folder = {{"/t/a.prom", "a 1\n"}, {"/t/b.prom", "b 1\n"}};
    TextfileOptions options;
    options.directories = {"/t"};
    TextfileCollector collector(
        options, [&](const std::string&, std::uint64_t) -> Result<std::vector<RawTextfile>> {
            std::vector<RawTextfile> files;
            for (const auto& [path, content] : folder) {
                files.push_back(raw(path, content));
            }
            return files;
        });
    const auto familyText = [&](const std::string& name) {
        auto collected = collector.collect();
        EXPECT_TRUE(collected.ok());
        const auto& section = dynamic_cast<const TextfileSection&>(*collected.value());
        for (const auto& family : section.families) {
            if (family.name == name) {
                return family.text;
            }
        }
        return std::string("absent");
    };
    EXPECT_EQ(familyText("a"), "# TYPE a untyped\na 1\n");
    EXPECT_EQ(familyText("a"), "# TYPE a untyped\na 1\n");  // from the kept parse
    folder["/t/a.prom"] = "a 2\n";
    EXPECT_EQ(familyText("a"), "# TYPE a untyped\na 2\n");
    folder["/t/a.prom"] = "a 2\nbroken\n";
    EXPECT_EQ(familyText("a"), "absent");
    EXPECT_EQ(collector.notes().size(), 1u);
    folder.erase("/t/a.prom");
    folder["/t/c.prom"] = "a 3\n";  // a family of a file that is gone is free again
    EXPECT_EQ(familyText("a"), "# TYPE a untyped\na 3\n");
    EXPECT_EQ(familyText("b"), "# TYPE b untyped\nb 1\n");
}

TEST(TextfileMetrics, NodeExporterExampleRoundTripsByteForByte) {
    const std::string example = readFixture("node_exporter_example.prom");
    ASSERT_FALSE(example.empty());
    Snapshot snapshot;
    snapshot.version = 1;
    snapshot.sections["textfile"] = std::make_shared<TextfileSection>(
        mergeTextfiles({raw("/t/example.prom", example)}, TextfileOptions{}));
    for (MetricNaming naming : {MetricNaming::windows, MetricNaming::linux}) {
        MetricsEndpoint endpoint(naming, RuntimeInfo{}, catalogExpositions());
        const std::string text = endpoint.renderSnapshot(snapshot, {});
        EXPECT_TRUE(contains(text, example)) << text;
        EXPECT_TRUE(contains(text, "sysmetrics_textfile_error{file=\"/t/example.prom\"} 0\n"));
        EXPECT_TRUE(contains(text,
                             "sysmetrics_textfile_mtime_seconds{file=\"/t/example.prom\"} "
                             "1700000000\n"));
        EXPECT_TRUE(contains(text, naming == MetricNaming::windows
                                       ? "windows_textfile_mtime_seconds{file="
                                       : "node_textfile_mtime_seconds{file="));
    }
}

// windows_exporter labels windows_textfile_mtime_seconds by the file's name alone, in whole
// seconds: a staleness rule on {file="backup.prom"} found nothing when we wrote the full path.
TEST(TextfileMetrics, WindowsMtimeIsByFileNameInWholeSecondsOncePerName) {
    RawTextfile first = raw("C:\\jobs\\backup.prom", "backup_ok 1\n");
    first.mtime = 1700000000.75;
    RawTextfile again = raw("D:\\more\\backup.prom", "other_ok 1\n");
    again.mtime = 1700000100.5;
    Snapshot snapshot;
    snapshot.version = 1;
    snapshot.sections["textfile"] =
        std::make_shared<TextfileSection>(mergeTextfiles({first, again}, TextfileOptions{}));
    const std::string windows =
        MetricsEndpoint(MetricNaming::windows, RuntimeInfo{}, catalogExpositions())
            .renderSnapshot(snapshot, {});
    EXPECT_TRUE(
        contains(windows, "windows_textfile_mtime_seconds{file=\"backup.prom\"} 1700000000\n"))
        << windows;
    EXPECT_EQ(windows.find("windows_textfile_mtime_seconds{file=\"backup.prom\"} 1700000100"),
              std::string::npos);  // one series per name: the first in path order
    EXPECT_TRUE(contains(windows,
                         "sysmetrics_textfile_mtime_seconds{file=\"C:\\\\jobs\\\\backup.prom\"} "
                         "1700000000.75\n"));
    EXPECT_TRUE(
        contains(windows, "sysmetrics_textfile_mtime_seconds{file=\"D:\\\\more\\\\backup.prom\"}"));
    // node_exporter's keeps the path.
    const std::string node =
        MetricsEndpoint(MetricNaming::linux, RuntimeInfo{}, catalogExpositions())
            .renderSnapshot(snapshot, {});
    EXPECT_TRUE(contains(node, "node_textfile_mtime_seconds{file=\"C:\\\\jobs\\\\backup.prom\"}"));
}

// windows_exporter (v0.30+) reports a textfile it cannot parse only as its textfile collector's
// failure; ours serves the other files, and says the same there.
TEST(TextfileMetrics, ABrokenFileFailsWindowsExportersTextfileCollector) {
    Snapshot snapshot;
    snapshot.version = 1;
    CollectorStatus status;
    status.name = "textfile";
    status.state = CollectorState::ok;
    snapshot.status["textfile"] = status;
    MetricsEndpoint endpoint(MetricNaming::windows, RuntimeInfo{}, catalogExpositions());
    const auto render = [&](std::vector<RawTextfile> files) {
        snapshot.sections["textfile"] =
            std::make_shared<TextfileSection>(mergeTextfiles(files, TextfileOptions{}));
        return endpoint.serve(snapshot, {}, 1).body;
    };
    EXPECT_TRUE(contains(render({raw("/t/a.prom", "a 1\n")}),
                         "windows_exporter_collector_success{collector=\"textfile\"} 1"));
    const std::string broken = render({raw("/t/a.prom", "a 1\n"), raw("/t/b.prom", "broken\n")});
    EXPECT_TRUE(contains(broken, "windows_exporter_collector_success{collector=\"textfile\"} 0"))
        << broken;
    EXPECT_TRUE(contains(broken, "\na 1\n"));  // the good file is still served
}

TEST(TextfileMetrics, AFamilyNameAlreadyRenderedIsNeverRepeated) {
    FamilyList families;
    families.gauge("taken", "ours", 1);
    families.preformatted("taken", "# TYPE taken gauge\ntaken 2\n");
    families.preformatted("free", "# TYPE free gauge\nfree 2\n");
    EXPECT_EQ(families.text(),
              "# HELP taken ours\n# TYPE taken gauge\ntaken 1\n"
              "# TYPE free gauge\nfree 2\n");
}

}  // namespace sysmetrics
