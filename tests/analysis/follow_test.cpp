// trappe follow: matching by borger_id, transitions, indicators and small-cell
// suppression on a hand-made pair of caseloads with known moves, and the CLI.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "cli/run_cli.hpp"
#include "test_support.hpp"
#include "trappe/analysis/follow.hpp"

namespace trappe {
namespace {

namespace fs = std::filesystem;
using testing::run;

// The profile fields in the order of the CSV header, and example A of the reference policy.
const std::vector<std::string> fields{
    "borger_id", "foedselsdato", "vurderingsdato", "praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet",
    "samfundsliv", "relationer", "fysisk_funktionsnedsaettelse", "psykisk_funktionsnedsaettelse",
    "saerlige_sociale_problemer", "sindslidelse", "misbrug", "hjemloeshed", "varig_funktionsnedsaettelse",
    "behov_for_pleje_eller_behandling", "kan_faerdes_alene", "kan_arbejde_paa_normale_vilkaar",
    "kan_benytte_beskaeftigelsestilbud", "har_arbejdsevne", "stoettebehov_vurderet"};

using row_values = std::map<std::string, std::string>;

row_values example_a() {
    return {{"foedselsdato", "1990-04-17"}, {"vurderingsdato", "2025-09-01"}, {"praktiske_opgaver", "2"},
            {"egenomsorg", "1"}, {"kommunikation", "0"}, {"mobilitet", "0"}, {"samfundsliv", "3"}, {"relationer", "1"},
            {"fysisk_funktionsnedsaettelse", "false"}, {"psykisk_funktionsnedsaettelse", "true"},
            {"saerlige_sociale_problemer", "false"}, {"sindslidelse", "false"}, {"misbrug", "false"},
            {"hjemloeshed", "false"}, {"varig_funktionsnedsaettelse", "false"},
            {"behov_for_pleje_eller_behandling", "false"}, {"kan_faerdes_alene", "true"},
            {"kan_arbejde_paa_normale_vilkaar", "false"}, {"kan_benytte_beskaeftigelsestilbud", "true"},
            {"har_arbejdsevne", "true"}, {"stoettebehov_vurderet", ""}};
}

row_values with(row_values base, const row_values& changes) {
    for (const auto& [k, v] : changes) base[k] = v;
    return base;
}

// The kinds of citizen in the pair, with their current step (trin):
row_values profile_a() { return example_a(); }                                         // 3, 35 years
row_values profile_y() { return with(example_a(), {{"foedselsdato", "2000-04-17"}}); }  // 3, 25 years
row_values profile_z() {                                                               // 0: no support need
    return with(example_a(), {{"praktiske_opgaver", "0"}, {"egenomsorg", "0"}, {"samfundsliv", "0"}, {"relationer", "0"}});
}
row_values profile_c() {  // example C: 1, 67 years
    return {{"foedselsdato", "1958-03-02"}, {"vurderingsdato", "2025-09-01"}, {"praktiske_opgaver", "0"},
            {"egenomsorg", "0"}, {"kommunikation", "0"}, {"mobilitet", "3"}, {"samfundsliv", "0"}, {"relationer", "0"},
            {"fysisk_funktionsnedsaettelse", "true"}, {"psykisk_funktionsnedsaettelse", "false"},
            {"saerlige_sociale_problemer", "false"}, {"sindslidelse", "false"}, {"misbrug", "false"},
            {"hjemloeshed", "false"}, {"varig_funktionsnedsaettelse", "true"},
            {"behov_for_pleje_eller_behandling", "false"}, {"kan_faerdes_alene", "false"},
            {"kan_arbejde_paa_normale_vilkaar", "false"}, {"kan_benytte_beskaeftigelsestilbud", "false"},
            {"har_arbejdsevne", "false"}, {"stoettebehov_vurderet", ""}};
}
row_values profile_e() { return with(example_a(), {{"praktiske_opgaver", "0"}, {"egenomsorg", "0"}, {"samfundsliv", "0"}, {"relationer", ""}}); }  // 0..2

std::string csv_line(const std::string& id, row_values values) {
    values["borger_id"] = id;
    std::string line;
    for (const std::string& f : fields) line += (line.empty() ? "" : ",") + values[f];
    return line + "\n";
}

std::string header() {
    std::string line;
    for (const std::string& f : fields) line += (line.empty() ? "" : ",") + f;
    return line + "\n";
}

struct pair_files {
    fs::path dir, previous, manifest, current;
};

// The previous decisions: only the columns follow reads (trin and the criteria).
const char* decision_header = "row,borger_id,trin,sel_82b,sel_85,sel_97,sel_99,sel_103,sel_104,sel_107,sel_108\n";
std::string decision(std::size_t row, const std::string& id, const std::string& trin, const std::string& criteria = "false,true,false,false,false,true,false,false") {
    return std::to_string(row) + "," + id + "," + trin + "," + criteria + "\n";
}

/// The hand-made pair. Previous -> current, by citizen:
///   A1-A6  trin 4 (sel_107) -> 3: less intrusive (30 and over); gain § 104's offer, lose § 107's
///   Y1-Y6  trin 3 -> 3: same (under 30)
///   C1-C6  trin 0 -> 1: more intrusive (30 and over)
///   Z1-Z5  trin 1 -> 0: leaving the staircase (30 and over)
///   D1-D2  trin 5 -> 3: less intrusive (A's profile; 30 and over)
///   E1-E3  trin 1 -> 0..2: undetermined (30 and over)
///   L1-L7  trin 3 -> gone: leaving the caseload
///   N1-N2  new -> 1: entering the caseload
/// plus a previous row with trin 9 (row 36), A1 again in previous (row 37), a
/// current row with praktiske_opgaver 9 (row 29) and Y1 again in current (row 30).
pair_files write_pair(const std::string& name, const std::string& hash) {
    pair_files f;
    f.dir = fs::temp_directory_path() / ("trappe_follow_" + std::to_string(getpid()) + "_" + name);
    fs::create_directories(f.dir);
    f.previous = f.dir / "previous.csv";
    f.manifest = f.dir / "previous.manifest.json";
    f.current = f.dir / "current.csv";
    std::string previous = decision_header;
    std::size_t row = 0;
    const auto add = [&](const std::string& prefix, int n, const std::string& trin, const std::string& criteria) {
        for (int i = 1; i <= n; ++i) previous += decision(++row, prefix + std::to_string(i), trin, criteria);
    };
    add("A", 6, "4", "false,true,false,false,false,false,true,false");
    add("Y", 6, "3", "false,true,false,false,false,true,false,false");
    add("C", 6, "0", "false,false,false,false,false,false,false,false");
    add("Z", 5, "1", "true,false,false,false,false,false,false,false");
    add("D", 2, "5", "false,true,false,false,false,true,false,true");
    add("E", 3, "1..2", "false,false,false,false,false,false,false,false");
    add("L", 7, "3", "false,true,false,false,false,true,false,false");
    previous += decision(++row, "B1", "9");
    previous += decision(++row, "A1", "3");
    std::ofstream(f.previous) << previous;
    std::ofstream(f.manifest) << R"({"schema":"trappe.manifest/1","command":"batch","rules":{"pack":"roskilde-2025","hash":")"
                              << hash << R"(","trappe":"0.1.0"},"parameters":{}})" << '\n';
    std::string current = header();
    const auto put = [&](const std::string& prefix, int n, const row_values& values) {
        for (int i = 1; i <= n; ++i) current += csv_line(prefix + std::to_string(i), values);
    };
    put("A", 6, profile_a());
    put("Y", 6, profile_y());
    put("C", 6, profile_c());
    put("Z", 5, profile_z());
    put("D", 2, profile_a());
    put("E", 3, profile_e());
    current += csv_line("X1", with(profile_a(), {{"praktiske_opgaver", "9"}}));
    current += csv_line("Y1", profile_y());
    put("N", 2, profile_c());
    std::ofstream(f.current) << current;
    return f;
}

std::string roskilde_hash() { return testing::roskilde()->rules().content_hash; }

follow_result follow_pair(const pair_files& f, bool explain = false) {
    follow_options o;
    o.previous = f.previous;
    o.previous_manifest = f.manifest;
    o.current = f.current;
    o.explain_moves = explain;
    o.threads = 2;
    return follow_caseload(*testing::roskilde(), o);
}

std::size_t find_citizen(const follow_result& r, std::string_view id) {
    for (std::size_t c = 0; c < r.citizens(); ++c)
        if (r.id(c) == id) return c;
    ADD_FAILURE() << "no citizen " << id;
    return 0;
}

TEST(FollowTest, MatchesCitizensByCaseIdAndCountsWhoLeftAndEntered) {
    const follow_result r = follow_pair(write_pair("match", roskilde_hash()));
    EXPECT_TRUE(r.same_rules());
    EXPECT_EQ(r.previous_rows, 37u);
    EXPECT_EQ(r.current_rows, 32u);
    std::size_t both = 0, left = 0, entered = 0;
    for (std::size_t c = 0; c < r.citizens(); ++c) {
        both += r.in_previous(c) && r.in_current(c);
        left += r.in_previous(c) && !r.in_current(c);
        entered += !r.in_previous(c) && r.in_current(c);
    }
    EXPECT_EQ(both, 28u);
    EXPECT_EQ(left, 7u);
    EXPECT_EQ(entered, 2u);
    EXPECT_FALSE(r.in_current(find_citizen(r, "L3")));
    EXPECT_FALSE(r.in_previous(find_citizen(r, "N2")));
    EXPECT_EQ(r.before[find_citizen(r, "A1")].row, 1u);  // the first A1, not the duplicate
    EXPECT_EQ(r.after[find_citizen(r, "N1")].row, 31u);
}

TEST(FollowTest, ReportsBadRowsAndDuplicateIdsByRowAndFieldWithoutValues) {
    const follow_result r = follow_pair(write_pair("errors", roskilde_hash()));
    ASSERT_EQ(r.previous_errors.size(), 2u);
    EXPECT_EQ(r.previous_errors[0].row, 36u);
    EXPECT_EQ(r.previous_errors[0].field, "trin");
    EXPECT_EQ(r.previous_errors[1].row, 37u);
    EXPECT_EQ(r.previous_errors[1].field, "borger_id");
    EXPECT_EQ(r.previous_errors[1].message, "case id given again (first in row 1)");
    ASSERT_EQ(r.current_errors.size(), 2u);
    EXPECT_EQ(r.current_errors[0].row, 29u);
    EXPECT_EQ(r.current_errors[0].field, "praktiske_opgaver");
    EXPECT_EQ(r.current_errors[1].row, 30u);
    EXPECT_EQ(r.current_errors[1].field, "borger_id");
    for (const auto* errors : {&r.previous_errors, &r.current_errors})
        for (const input_error& e : *errors) {
            EXPECT_EQ(e.message.find('9'), std::string::npos) << e.message;  // the bad values were 9
            EXPECT_EQ(e.message.find("B1"), std::string::npos);
            EXPECT_EQ(e.message.find("Y1"), std::string::npos);
        }
}

TEST(FollowTest, ClassifiesEachMoveAndTheOffersGainedAndLost) {
    const follow_result r = follow_pair(write_pair("moves", roskilde_hash()));
    const auto moved = [&](std::string_view id) { return r.moved(find_citizen(r, id)); };
    EXPECT_EQ(moved("A2"), movement::less_intrusive);
    EXPECT_EQ(moved("D1"), movement::less_intrusive);
    EXPECT_EQ(moved("Y4"), movement::same_or_more);
    EXPECT_EQ(moved("C1"), movement::same_or_more);
    EXPECT_EQ(moved("Z5"), movement::left_staircase);
    EXPECT_EQ(moved("E2"), movement::undetermined);
    const follow_side& a = r.after[find_citizen(r, "A1")];
    EXPECT_EQ(a.step_lo, 3);
    EXPECT_EQ(a.age, age_group::from_30);
    EXPECT_EQ(r.after[find_citizen(r, "Y1")].age, age_group::under_30);
    const follow_side& e = r.after[find_citizen(r, "E1")];
    EXPECT_EQ(e.step_lo, 0);
    EXPECT_EQ(e.step_hi, 2);
    // A: § 107 before, § 104 now.
    std::string csv;
    follow_citizens_csv(r, [&](std::string_view t) { csv += t; });
    EXPECT_NE(csv.find("A1,1,1,both,midlertidigt_botilbud,stoette_i_eget_hjem,less_intrusive,aktivitets_og_samvaerstilbud,"
                       "midlertidigt_botilbud,"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("L1,29,,left_caseload,stoette_i_eget_hjem,,,,,"), std::string::npos);
    EXPECT_NE(csv.find("N1,,31,entered_caseload,,aabne_tilbud,,,,"), std::string::npos);
}

TEST(FollowTest, FindsTheFirstTraceEntryThatExplainsAMove) {
    const follow_result r = follow_pair(write_pair("explain", roskilde_hash()), true);
    // A: § 104 now (a value trin is computed from, recorded in both); Z: the support
    // need fell to intet, which these decisions do not record, and § 82 b, which
    // changed, is not among trin's sources: the step's own entry.
    const auto entry = [&](std::string_view id) {
        const auto e = r.first_entry.find(find_citizen(r, id));
        return e == r.first_entry.end() ? std::string() : e->second;
    };
    EXPECT_EQ(entry("A1").rfind("sel_104: nej -> ja", 0), 0u) << entry("A1");
    EXPECT_EQ(entry("C1").rfind("sel_85: nej -> ja", 0), 0u) << entry("C1");
    EXPECT_EQ(entry("Z1").rfind("trin: aabne_tilbud -> ingen_indsats (stoettebehov intet): anbefalet trin", 0), 0u)
        << entry("Z1");
    EXPECT_EQ(entry("Y1"), "");  // did not move
    EXPECT_EQ(entry("L1"), "");  // not reassessed
}

// A follow_result made by hand: n citizens in both, moving as given.
void add(follow_result& r, int n, std::int32_t from, std::int32_t to, age_group age, int to_hi = -1) {
    for (int i = 0; i < n; ++i) {
        r.ids += 'x';
        r.ids += std::to_string(r.citizens());
        r.id_end.push_back(r.ids.size());
        r.presence.push_back(3);
        follow_side a, b;
        a.step_lo = a.step_hi = from;
        b.step_lo = to;
        b.step_hi = to_hi < 0 ? to : to_hi;
        b.age = age;
        r.before.push_back(a);
        r.after.push_back(b);
    }
}

follow_result hand_made() {
    follow_result r;
    r.step_name = "trin";
    r.step_lo = 0;
    r.step_hi = 2;
    r.step_names = {"ingen", "lav", "hoej"};
    add(r, 20, 2, 1, age_group::from_30);  // less intrusive
    add(r, 3, 2, 0, age_group::from_30);   // leaving the staircase: a small count
    add(r, 30, 2, 2, age_group::from_30);  // same
    add(r, 10, 2, 1, age_group::under_30);
    add(r, 10, 2, 0, age_group::under_30);
    add(r, 2, 2, 2, age_group::under_30);  // a small count
    add(r, 8, 1, 1, age_group::under_30);
    return r;
}

TEST(FollowTest, AggregatesExactCountsAndShares) {
    const follow_tables t = follow_aggregate(hand_made());
    const auto row = [&](const std::string& age, const std::string& step) {
        for (const auto& i : t.indicators)
            if (i.age == age && i.step == step) return i;
        ADD_FAILURE() << age << " " << step;
        return follow_tables::indicator_row{};
    };
    const auto all = row("all", "all");
    EXPECT_EQ(all.reassessed.count, 83u);
    EXPECT_EQ(all.less_intrusive.count, 30u);
    EXPECT_EQ(all.same_or_more.count, 40u);
    EXPECT_EQ(all.left_staircase.count, 13u);
    EXPECT_FALSE(all.reassessed.suppressed || all.less_intrusive.suppressed || all.same_or_more.suppressed ||
                 all.left_staircase.suppressed);
    const auto over = row("30_and_over", "hoej");
    EXPECT_EQ(over.reassessed.count, 53u);
    EXPECT_EQ(over.less_intrusive.count, 20u);
    // Hidden: the 3 leaving would be the citizens minus the counts shown beside them.
    EXPECT_TRUE(over.left_staircase.suppressed);
    EXPECT_TRUE(over.less_intrusive.suppressed);
    // Leaving the staircase from the lowest step, or moving below it: not applicable.
    EXPECT_FALSE(row("all", "ingen").left_staircase.applicable);
    EXPECT_FALSE(row("all", "lav").less_intrusive.applicable);
    EXPECT_TRUE(row("all", "hoej").less_intrusive.applicable);
    // Transitions: hoej -> lav is 30, shown.
    EXPECT_EQ(t.transitions[2][1].count, 30u);
    EXPECT_FALSE(t.transitions[2][1].suppressed);
    const std::string json = follow_json(hand_made(), t);
    EXPECT_NE(json.find(R"("age_group":"all","previous_step":"all","citizens":83,"less_intrusive":{"count":30,"share":0.361})"),
              std::string::npos)
        << json;
}

TEST(FollowTest, SuppressesSmallCountsAndEveryCountThatWouldRevealOne) {
    const follow_tables t = follow_aggregate(hand_made());
    const auto row = [&](const std::string& age, const std::string& step) {
        for (const auto& i : t.indicators)
            if (i.age == age && i.step == step) return i;
        return follow_tables::indicator_row{};
    };
    // Primary: 3 leaving from 30 and over; 2 staying under 30.
    const auto over = row("30_and_over", "hoej");
    EXPECT_TRUE(over.left_staircase.suppressed);
    const auto under = row("under_30", "hoej");
    EXPECT_TRUE(under.same_or_more.suppressed);
    // Every count under 5 anywhere is suppressed.
    for (const auto& i : t.indicators)
        for (const follow_cell* c : {&i.reassessed, &i.less_intrusive, &i.same_or_more, &i.left_staircase, &i.undetermined})
            if (c->count < follow_smallest_count && c->applicable) {
                EXPECT_TRUE(c->suppressed) << i.age << " " << i.step;
            }
    for (const auto& r : t.transitions)
        for (const follow_cell& c : r)
            if (c.count < follow_smallest_count && c.applicable) {
                EXPECT_TRUE(c.suppressed);
            }
    // No suppressed count is a shown total minus shown counts: in every group whose
    // citizens are shown, the suppressed categories are none, or hold 5 or more together.
    for (const auto& i : t.indicators) {
        if (i.reassessed.suppressed) continue;
        std::uint64_t hidden = 0;
        int cells = 0;
        for (const follow_cell* c : {&i.less_intrusive, &i.same_or_more, &i.left_staircase, &i.undetermined})
            if (c->suppressed) {
                hidden += c->count;
                ++cells;
            }
        if (cells > 0) {
            EXPECT_GE(cells, 2) << i.age << " " << i.step;
            EXPECT_GE(hidden, follow_smallest_count) << i.age << " " << i.step;
        }
    }
    // The same across age groups: "all" = under 30 + 30 and over, per step and category.
    for (const auto& a : t.indicators) {
        if (a.age != "all") continue;
        const auto u = row("under_30", a.step), o = row("30_and_over", a.step);
        const auto check = [&](follow_cell follow_tables::indicator_row::*m) {
            if ((a.*m).suppressed) return;
            const int cells = (u.*m).suppressed + (o.*m).suppressed;
            EXPECT_NE(cells, 1) << a.step;
            if (cells == 2) {
                EXPECT_GE((u.*m).count + (o.*m).count, follow_smallest_count) << a.step;
            }
        };
        for (auto m : {&follow_tables::indicator_row::reassessed, &follow_tables::indicator_row::less_intrusive,
                       &follow_tables::indicator_row::same_or_more, &follow_tables::indicator_row::left_staircase})
            check(m);
    }
    // Shares only where both counts are shown; suppressed counts as "<5" or "x".
    const std::string json = follow_json(hand_made(), t);
    const boost::json::value doc = boost::json::parse(json);
    for (const auto& i : doc.at("indicators").as_array()) {
        const auto& o = i.as_object();
        for (const char* k : {"less_intrusive", "same_or_more_intrusive", "left_staircase", "undetermined"}) {
            const auto& cell = o.at(k).as_object();
            if (cell.at("count").is_string()) {
                EXPECT_TRUE(cell.at("share").is_null());
                const std::string text(cell.at("count").as_string());
                EXPECT_TRUE(text == "<5" || text == "x") << text;
            }
            if (o.at("citizens").is_string()) {
                EXPECT_TRUE(cell.at("share").is_null());
            }
        }
    }
    EXPECT_EQ(json.find("x0"), std::string::npos);  // never a case id
}

TEST(FollowTest, RefusesDecisionsWithoutAManifestUnlessAllowed) {
    pair_files f = write_pair("manifest", roskilde_hash());
    f.manifest.clear();
    EXPECT_THROW((void)follow_pair(f), io_error);
    follow_options o;
    o.previous = f.previous;
    o.current = f.current;
    o.allow_unknown_pack = true;
    const follow_result r = follow_caseload(*testing::roskilde(), o);
    EXPECT_FALSE(r.previous.manifest);
    EXPECT_FALSE(r.same_rules());
}

TEST(FollowTest, StatesThatThePreviousRulesDiffer) {
    const follow_result r = follow_pair(write_pair("other", "sha256:0000"));
    EXPECT_TRUE(r.previous.manifest);
    EXPECT_FALSE(r.same_rules());
    EXPECT_NE(follow_text(r, follow_aggregate(r)).find("OTHER rules: roskilde-2025 (sha256:0000)"), std::string::npos);
}

TEST(FollowTest, FollowsTheCrossAuthorityTargetGroupAndContactsSaved) {
    const auto p = testing::tvaergaende();
    ASSERT_NE(p, nullptr);
    const fs::path dir = fs::temp_directory_path() / ("trappe_follow_" + std::to_string(getpid()) + "_tv");
    fs::create_directories(dir);
    // Example F (in the target group, 2 caseworkers: 1 contact saved) and H (assessed before the start: not).
    const std::string head =
        "borger_id,foedselsdato,vurderingsdato,praktiske_opgaver,egenomsorg,kommunikation,mobilitet,samfundsliv,relationer,"
        "saerlige_sociale_problemer,kan_arbejde_paa_normale_vilkaar,modtager_kontanthjaelp,indsats_i_jobcenter,"
        "sundhedsudfordring,antal_sagsbehandlere\n";
    const auto profile = [](const std::string& id, const std::string& date, int caseworkers) {
        return id + ",2000-05-10," + date + ",0,0,0,0,3,0,true,true,true,true,1," + std::to_string(caseworkers) + "\n";
    };
    std::string current = head, previous = "row,borger_id,maalgruppe_tvaergaende,antal_udfordringer,prioritet,sparede_kontakter\n";
    for (int i = 0; i < 6; ++i) {
        current += profile("in" + std::to_string(i), "2025-09-01", 4);  // now in, saving 3 contacts
        previous += std::to_string(i + 1) + ",in" + std::to_string(i) + ",false,1,ingen,0\n";
    }
    for (int i = 0; i < 5; ++i) {
        current += profile("out" + std::to_string(i), "2024-12-31", 2);  // before the start: out
        previous += std::to_string(i + 7) + ",out" + std::to_string(i) + ",true,2,ung,1\n";
    }
    std::ofstream(dir / "current.csv") << current;
    std::ofstream(dir / "previous.csv") << previous;
    std::ofstream(dir / "m.json") << R"({"schema":"trappe.manifest/1","rules":{"pack":"tvaergaende-2025","hash":")"
                                  << p->rules().content_hash << R"("},"parameters":{}})";
    follow_options o;
    o.previous = dir / "previous.csv";
    o.previous_manifest = dir / "m.json";
    o.current = dir / "current.csv";
    const follow_result r = follow_caseload(*p, o);
    ASSERT_TRUE(r.current_errors.empty()) << r.current_errors[0].describe();
    EXPECT_EQ(r.target_group, "maalgruppe_tvaergaende");
    EXPECT_EQ(r.contacts, "sparede_kontakter");
    EXPECT_EQ(r.offers, std::vector<std::string>{"helhedsorienteret_forloeb"});
    const follow_tables t = follow_aggregate(r);
    const auto& all = t.indicators.back();
    ASSERT_EQ(all.age, "all");
    EXPECT_EQ(all.entered_target.count, 6u);
    EXPECT_EQ(all.left_target.count, 5u);
    EXPECT_EQ(all.contacts_before.count, 5u);   // 5 x 1
    EXPECT_EQ(all.contacts_after.count, 18u);   // 6 x 3
    EXPECT_FALSE(all.entered_target.suppressed);
    // The step of a pack without a recommendation: the highest step of its offers granted.
    EXPECT_EQ(r.after[find_citizen(r, "in0")].step_lo, 1);
    EXPECT_EQ(r.moved(find_citizen(r, "out0")), movement::left_staircase);
}

TEST(FollowCliTest, WritesTheSummaryJsonAndCitizens) {
    const pair_files f = write_pair("cli", roskilde_hash());
    const std::string citizens = (f.dir / "citizens.csv").string();
    const auto r = run("follow rules/roskilde-2025 --previous " + f.previous.string() + " --previous-manifest " +
                       f.manifest.string() + " --current " + f.current.string() + " --json --citizens " + citizens);
    EXPECT_EQ(r.exit_code, 1) << r.out;  // rows left out
    EXPECT_NE(r.out.find("trappe follow: previous decisions: row 36, field 'trin'"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("trappe follow: current profiles: row 30, field 'borger_id'"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(R"("schema":"trappe.follow/1")"), std::string::npos);
    EXPECT_NE(r.out.find(R"("citizens":{"both":28,"left_caseload":7,"entered_caseload":"<5")"), std::string::npos);
    EXPECT_EQ(r.out.find("\"A1\""), std::string::npos);  // the summary holds no case id
    const std::string rows = testing::read_file(citizens);
    EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 1 + 37);  // header, 35 + 2 citizens
    EXPECT_NE(rows.find("Z1,"), std::string::npos);
}

TEST(FollowCliTest, NeedsAManifestAndSaysWhenTheRulesDiffer) {
    const pair_files f = write_pair("cli2", "sha256:1234");
    const std::string base = "follow rules/roskilde-2025 --previous " + f.previous.string() + " --current " + f.current.string();
    auto r = run(base);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("carries no run manifest"), std::string::npos) << r.out;
    r = run(base + " --allow-unknown-pack");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("previous decisions: no run manifest"), std::string::npos) << r.out;
    r = run(base + " --previous-manifest " + f.manifest.string());
    EXPECT_NE(r.out.find("OTHER rules: roskilde-2025 (sha256:1234)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("the moves include the change of rules"), std::string::npos);
    EXPECT_EQ(run("follow --help").exit_code, 0);
    EXPECT_EQ(run("follow rules/roskilde-2025 --previous x").exit_code, 2);
}

TEST(FollowCliTest, FollowsBatchJsonLinesOutputWithItsManifest) {
    const pair_files f = write_pair("batch", roskilde_hash());
    const std::string out = (f.dir / "before.jsonl").string();
    ASSERT_EQ(run("batch rules/roskilde-2025 --in " + f.current.string() + " --out " + out + " --quiet").exit_code, 1);
    const auto r = run("follow rules/roskilde-2025 --previous " + out + " --current " + f.current.string());
    // Every citizen stays where they were: the same profiles, the same rules.
    EXPECT_NE(r.out.find("previous decisions: the same rules"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("all          all"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("citizens: 30 in both, <5 left the caseload, <5 entered it"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

TEST(FollowPopulationTest, YearsLaterReassessesTheSameCitizens) {
    const population before = synthetic_population(5000, 9);
    const population after = synthetic_population(5000, 9, 0, 1);
    EXPECT_EQ(before.borger_id, after.borger_id);
    EXPECT_EQ(before.find("foedselsdato")->dates, after.find("foedselsdato")->dates);
    EXPECT_EQ(before.find("psykisk_funktionsnedsaettelse")->small, after.find("psykisk_funktionsnedsaettelse")->small);
    const auto& a = before.find("vurderingsdato")->dates;
    const auto& b = after.find("vurderingsdato")->dates;
    for (std::size_t r = 0; r < a.size(); ++r) ASSERT_EQ(b[r], add_months(a[r], 12));
    // Towards recovery on average: lower levels, but not for everyone.
    long sum_before = 0, sum_after = 0, changed = 0;
    const auto& x = before.find("praktiske_opgaver")->small;
    const auto& y = after.find("praktiske_opgaver")->small;
    for (std::size_t r = 0; r < x.size(); ++r) {
        sum_before += x[r];
        sum_after += y[r];
        changed += x[r] != y[r];
    }
    EXPECT_LT(sum_after, sum_before);
    EXPECT_GT(changed, 1000);
    EXPECT_LT(changed, 4000);
    // Piecewise generation gives the same rows.
    const population piece = synthetic_population(100, 9, 4900, 1);
    EXPECT_EQ(piece.find("praktiske_opgaver")->small[7], y[4907]);
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

TEST(FollowCliTest, CsvAndJsonLinesDecisionsFollowAlike) {
    const pair_files f = write_pair("formats", roskilde_hash());
    const std::string jsonl = (f.dir / "before.jsonl").string(), csv = (f.dir / "before.csv").string(),
                      manifest = (f.dir / "before.manifest.json").string();
    ASSERT_EQ(run("batch rules/roskilde-2025 --in " + f.current.string() + " --out " + jsonl + " --quiet").exit_code, 1);
    ASSERT_EQ(run("batch rules/roskilde-2025 --in " + f.current.string() + " --out " + csv + " --manifest " + manifest +
                  " --quiet")
                  .exit_code,
              1);
    const std::string current = " --current " + f.current.string() + " --json";
    const auto a = run("follow rules/roskilde-2025 --previous " + jsonl + current);
    const auto b = run("follow rules/roskilde-2025 --previous " + csv + " --previous-manifest " + manifest + current);
    EXPECT_EQ(a.out, b.out);
    EXPECT_NE(a.out.find(R"("same_rules":true)"), std::string::npos) << a.out;
}

TEST(FollowTest, ReadsJsonLinesWrittenOtherwiseThanBatchWritesThem) {
    const fs::path dir = fs::temp_directory_path() / ("trappe_follow_" + std::to_string(getpid()) + "_shapes");
    fs::create_directories(dir);
    std::ofstream(dir / "before.jsonl")
        << R"({"schema":"trappe.manifest/1","rules":{"pack":"roskilde-2025","hash":")" << roskilde_hash()
        << R"("},"parameters":{}})" << '\n'
        // Keys in another order, spaces, an escaped case id, a range, an enum step by name:
        << R"({ "outputs": {"sel_85": true, "trin": {"from": 1, "to": 2}, "sel_82b": false, "sel_97": false, "sel_99": false, "sel_103": false, "sel_104": false, "sel_107": false, "sel_108": false}, "borger_id": "A\u0031", "schema": "trappe.batch-row/1"})"
        << '\n'
        << R"({"schema":"trappe.batch-row/1","row":2,"borger_id":"A2","outputs":{"trin":"stoette_i_eget_hjem","sel_82b":false,"sel_85":true,"sel_97":false,"sel_99":false,"sel_103":false,"sel_104":true,"sel_107":false,"sel_108":false},"determined":true})"
        << '\n'
        << R"({"schema":"trappe.batch-row/1","row":3,"borger_id":"A3","outputs":{"trin":7,"sel_82b":false,"sel_85":true,"sel_97":false,"sel_99":false,"sel_103":false,"sel_104":true,"sel_107":false,"sel_108":false},"determined":true})"
        << '\n';
    std::ofstream(dir / "now.csv") << header() << csv_line("A1", profile_a()) << csv_line("A2", profile_a());
    follow_options o;
    o.previous = dir / "before.jsonl";
    o.current = dir / "now.csv";
    const follow_result r = follow_caseload(*testing::roskilde(), o);
    ASSERT_EQ(r.previous_errors.size(), 1u);
    EXPECT_EQ(r.previous_errors[0].row, 3u);
    EXPECT_EQ(r.previous_errors[0].field, "trin");
    const std::size_t a1 = find_citizen(r, "A1"), a2 = find_citizen(r, "A2");
    EXPECT_TRUE(r.in_previous(a1) && r.in_current(a1));
    EXPECT_EQ(r.before[a1].step_lo, 1);
    EXPECT_EQ(r.before[a1].step_hi, 2);
    EXPECT_EQ(r.moved(a1), movement::undetermined);
    EXPECT_EQ(r.before[a2].step_lo, 3);
    EXPECT_EQ(r.moved(a2), movement::same_or_more);
}

}  // namespace
}  // namespace trappe

namespace trappe {
namespace {

TEST(FollowCliTest, ComparesTheParametersOfTheRunsToo) {
    const pair_files f = write_pair("parameters", roskilde_hash());
    const std::string out = (f.dir / "before.jsonl").string();
    ASSERT_EQ(run("batch rules/roskilde-2025 --in " + f.current.string() + " --out " + out + " --quiet --set taerskel_85=hoejt")
                  .exit_code,
              1);
    const std::string follow = "follow rules/roskilde-2025 --previous " + out + " --current " + f.current.string();
    const auto same = run(follow + " --set taerskel_85=hoejt");
    EXPECT_NE(same.out.find("previous decisions: the same rules"), std::string::npos) << same.out;
    const auto other = run(follow);
    EXPECT_NE(other.out.find("OTHER rules: roskilde-2025 (" + roskilde_hash() + "), other parameters"), std::string::npos)
        << other.out;
}

}  // namespace
}  // namespace trappe
