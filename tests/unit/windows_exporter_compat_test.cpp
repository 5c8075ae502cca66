// docs/metrics.md's windows_exporter compatibility table against what /metrics exports for a
// Windows host recorded as the probes read it (tests/support/windows_host.cpp): every family the
// table calls EXACT is exported with windows_exporter's type and label names, DIFF is exported,
// MISSING is not, every windows_* family we export is in the table, the counts add up and the
// example series are exported byte for byte. The table cannot drift from the exporter.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/text_parse.h"
#include "collectors/textfile_parser.h"
#include "http/prometheus/metrics_endpoint.h"
#include "service/collector_catalog.h"
#include "tests/support/windows_host.h"

namespace sysmetrics {

namespace {

struct ExportedFamily {
    std::string type;
    std::set<std::string> labels;
};

struct TableRow {
    std::string family, collector, type, status, notes;
    std::set<std::string> labels;
    std::size_t line = 0;
};

struct CompatibilityTable {
    std::vector<TableRow> rows;
    std::map<std::string, std::string> ours_only;  // family -> why
    std::set<std::string> under_wine;              // exported, but not under Wine
    // collector -> {families, EXACT, DIFF, MISSING} as the counts table states them
    std::map<std::string, std::vector<int>> counts;
    std::vector<std::string> examples;
};

std::string unquote(const std::string& cell) {
    std::string out;
    for (char c : cell) {
        if (c != '`' && c != '*') {
            out += c;
        }
    }
    return std::string(trim(out));
}

std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '|') {
            out.push_back(std::string(trim(cell)));
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    return out;
}

std::set<std::string> labelSet(const std::string& cell) {
    std::set<std::string> labels;
    std::stringstream in(unquote(cell));
    std::string label;
    while (std::getline(in, label, ',')) {
        label = std::string(trim(label));
        if (!label.empty() && label != "–") {
            labels.insert(label);
        }
    }
    return labels;
}

CompatibilityTable readTable() {
    CompatibilityTable table;
    std::ifstream file(std::string(SYSMETRICS_SOURCE_DIR) + "/docs/metrics.md");
    EXPECT_TRUE(file) << "docs/metrics.md";
    std::string line, part;
    bool inside = false, in_example = false;
    std::size_t number = 0;
    while (std::getline(file, line)) {
        ++number;
        if (line.rfind("## ", 0) == 0) {
            inside = line == "## windows_exporter compatibility";
            continue;
        }
        if (!inside) {
            continue;
        }
        if (line.rfind("### ", 0) == 0) {
            part = line.substr(4);
            continue;
        }
        if (part == "Example series" && line.rfind("```", 0) == 0) {
            in_example = !in_example;
            continue;
        }
        if (in_example) {
            table.examples.push_back(line);
            continue;
        }
        if (line.rfind("| ", 0) != 0 || line.rfind("|---", 0) == 0) {
            continue;
        }
        const auto row = cells(line);
        if (part == "Families" && row.size() == 6 && row[0].rfind("`windows_", 0) == 0) {
            TableRow r;
            r.family = unquote(row[0]);
            r.collector = unquote(row[1]);
            r.type = unquote(row[2]);
            r.labels = labelSet(row[3]);
            r.status = unquote(row[4]);
            r.notes = row[5];
            r.line = number;
            table.rows.push_back(r);
        } else if (part == "Only in sysmetrics" && row.size() == 2 &&
                   row[0].rfind("`windows_", 0) == 0) {
            table.ours_only[unquote(row[0])] = row[1];
        } else if (part == "Under Wine" && row.size() == 3 && row[0].rfind("`windows_", 0) == 0) {
            table.under_wine.insert(unquote(row[0]));
        } else if (part == "Counts" && row.size() == 5 && row[0] != "collector") {
            std::vector<int> numbers;
            for (std::size_t i = 1; i < 5; ++i) {
                numbers.push_back(std::stoi(unquote(row[i])));
            }
            table.counts[unquote(row[0])] = numbers;
        }
    }
    return table;
}

std::map<std::string, ExportedFamily> exportedFamilies(std::string& body) {
    RenderContext context(MetricNaming::windows);
    context.settings = recordedWindowsHostSettings();
    MetricsEndpoint endpoint(context, RuntimeInfo{"t", "t", 1, "", "", ""}, catalogExpositions());
    const HttpResponse response = endpoint.serve(recordedWindowsHost(), {}, 1);
    EXPECT_EQ(response.status, 200) << response.body;
    body = response.body;
    auto parsed = parseTextfile(body);  // strict: also proves the exposition well formed
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    std::map<std::string, ExportedFamily> families;
    if (!parsed) {
        return families;
    }
    for (const auto& family : parsed.value()) {
        ExportedFamily exported;
        exported.type = family.type;
        for (const auto& name : textfileLabelNames(family.samples.front())) {
            exported.labels.insert(name);
        }
        families[family.name] = exported;
    }
    return families;
}

std::string joined(const std::set<std::string>& labels) {
    std::string out;
    for (const auto& label : labels) {
        out += (out.empty() ? "" : ", ") + label;
    }
    return out.empty() ? "–" : out;
}

class WindowsExporterCompat : public ::testing::Test {
protected:
    void SetUp() override {
        table_ = readTable();
        exported_ = exportedFamilies(body_);
    }
    CompatibilityTable table_;
    std::map<std::string, ExportedFamily> exported_;
    std::string body_;
};

}  // namespace

TEST_F(WindowsExporterCompat, EveryRowSaysWhatTheExpositionDoes) {
    ASSERT_GT(table_.rows.size(), 100u) << "the table in docs/metrics.md was not found";
    std::set<std::string> seen;
    for (const auto& row : table_.rows) {
        SCOPED_TRACE("docs/metrics.md:" + std::to_string(row.line) + " " + row.family);
        EXPECT_TRUE(seen.insert(row.family).second) << "listed twice";
        EXPECT_TRUE(row.type == "counter" || row.type == "gauge") << row.type;
        const auto it = exported_.find(row.family);
        if (row.status == "EXACT") {
            ASSERT_NE(it, exported_.end()) << "EXACT but not exported";
            EXPECT_EQ(it->second.type, row.type);
            EXPECT_EQ(joined(it->second.labels), joined(row.labels));
        } else if (row.status == "DIFF") {
            EXPECT_NE(it, exported_.end()) << "DIFF but not exported";
            EXPECT_FALSE(row.notes.empty()) << "a DIFF row says what differs";
        } else if (row.status == "MISSING") {
            EXPECT_EQ(it, exported_.end()) << "MISSING but exported";
            EXPECT_FALSE(row.notes.empty()) << "a MISSING row says why";
        } else {
            ADD_FAILURE() << "status " << row.status << " is none of EXACT, DIFF, MISSING";
        }
    }
}

TEST_F(WindowsExporterCompat, EveryWindowsFamilyWeExportIsListed) {
    std::set<std::string> listed;
    for (const auto& row : table_.rows) {
        listed.insert(row.family);
    }
    for (const auto& [family, exported] : exported_) {
        if (family.rfind("windows_", 0) != 0) {
            continue;
        }
        EXPECT_TRUE(listed.count(family) || table_.ours_only.count(family))
            << family << " is exported but neither in the table nor under Only in sysmetrics";
    }
    for (const auto& [family, why] : table_.ours_only) {
        EXPECT_TRUE(exported_.count(family)) << family << " is listed as ours but not exported";
        EXPECT_FALSE(listed.count(family)) << family << " is windows_exporter's too";
        EXPECT_FALSE(why.empty()) << family;
    }
}

// tests/e2e/compat_wine_check.py checks the Under Wine list against the Wine service; here, that
// it only names families the table says we export.
TEST_F(WindowsExporterCompat, UnderWineNamesOnlyFamiliesWeExport) {
    ASSERT_FALSE(table_.under_wine.empty());
    std::set<std::string> exported;
    for (const auto& row : table_.rows) {
        if (row.status != "MISSING") {
            exported.insert(row.family);
        }
    }
    for (const auto& family : table_.under_wine) {
        EXPECT_TRUE(exported.count(family)) << family;
    }
}

TEST_F(WindowsExporterCompat, TheCountsAreTheRows) {
    std::map<std::string, std::vector<int>> counted;
    std::vector<int> all(4, 0);
    for (const auto& row : table_.rows) {
        auto& c = counted[row.collector];
        c.resize(4, 0);
        const int column = row.status == "EXACT" ? 1 : row.status == "DIFF" ? 2 : 3;
        ++c[0];
        ++c[column];
        ++all[0];
        ++all[column];
    }
    counted["all"] = all;
    EXPECT_EQ(table_.counts, counted);
}

TEST_F(WindowsExporterCompat, TheExampleSeriesAreExportedAsWritten) {
    ASSERT_FALSE(table_.examples.empty());
    for (const auto& example : table_.examples) {
        EXPECT_NE(body_.find("\n" + example + "\n"), std::string::npos) << example;
    }
}

}  // namespace sysmetrics
