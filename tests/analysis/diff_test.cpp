// trappe diff: the regions agree with brute-force evaluation of both packs, the
// text report is golden, a pack against itself has no regions, populations are
// weighed with small counts suppressed, and the command line works end to end.

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "analysis/diff_space.hpp"
#include "cli/run_cli.hpp"
#include "eval/random_profiles.hpp"
#include "test_support.hpp"
#include "trappe/analysis/diff.hpp"

namespace trappe {
namespace {

// Sanitizer builds (scripts/sanitize.sh) run the same check on fewer profiles.
#ifdef TRAPPE_SANITIZED
constexpr std::size_t brute_force_profiles = 20'000;
#else
constexpr std::size_t brute_force_profiles = 1'000'000;
#endif

struct packs {
    std::shared_ptr<const plan> base, reform;
};

// The Roskilde pack and its § 85 reform (taerskel_85 = hoejt), compiled once.
const packs& roskilde_and_reform() {
    static const packs p = [] {
        const check_result r = check_rules("rules/roskilde-2025");
        EXPECT_TRUE(r.ok()) << r.report();
        const std::int64_t high = *r.checked->type_of(*r.checked->find("taerskel_85")).value_of("hoejt");
        return packs{compile(r.checked), compile(r.checked, {{"taerskel_85", high}})};
    }();
    return p;
}

const diff_result& reform_diff() {
    static const diff_result r = diff(*roskilde_and_reform().base, *roskilde_and_reform().reform);
    return r;
}

// The items that change between two decisions, as (item, before, after).
std::vector<std::array<std::int64_t, 3>> changes_between(const diff_result& r, const decision& before,
                                                         const decision& after) {
    std::vector<std::array<std::int64_t, 3>> out;
    for (std::size_t i = 0; i < r.space->items.size(); ++i) {
        const value_range b = r.space->items[i].source[0].read(before), a = r.space->items[i].source[1].read(after);
        EXPECT_TRUE(b.determined() && a.determined()) << r.items[i].name;
        if (r.space->differs(i, b, a)) out.push_back({static_cast<std::int64_t>(i), b.lo, a.lo});
    }
    return out;
}

// Whether any output, the recommendation or any offer differs at all: diff follows
// only the items a changed parameter reaches, so everything else must stay equal.
bool anything_differs(const plan& p, const decision& before, const decision& after) {
    const program& rules = p.rules();
    for (symbol_id s = 0; s < rules.symbols.size(); ++s)
        if (rules.symbols[s].kind == symbol_kind::definition && rules.is_reached(s) && before.value(s) != after.value(s)) {
            ADD_FAILURE() << rules.symbols[s].name << " changes";
            return true;
        }
    for (std::size_t o = 0; o < before.offers().size(); ++o) {
        const offer_outcome &b = before.offers()[o], &a = after.offers()[o];
        if (b.eligible != a.eligible || b.step != a.step || b.review_months != a.review_months) return true;
    }
    return false;
}

std::vector<std::array<std::int64_t, 3>> changes_of(const diff_region& region) {
    std::vector<std::array<std::int64_t, 3>> out;
    for (const diff_change& c : region.changes) out.push_back({static_cast<std::int64_t>(c.item), c.before.lo, c.after.lo});
    return out;
}

// The profile's values by name, for failure messages (synthetic, not personal data).
std::string describe(const plan& p, const profile& in) {
    std::string out;
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol& s = p.rules().symbols[p.inputs()[i]];
        out += " " + s.name + "=" + (in.assessed[i] ? std::to_string(in.values[i]) : "ikke_vurderet");
    }
    return out;
}

TEST(DiffTest, RegionsAgreeWithBruteForceOnRandomProfiles) {
    const packs& p = roskilde_and_reform();
    const diff_result& r = reform_diff();
    ASSERT_FALSE(r.regions.empty());
    EXPECT_TRUE(r.undetermined.empty());
    std::mt19937_64 rng(1414);
    decision before, after;
    std::size_t changed = 0, wrong = 0;
    for (std::size_t n = 0; n < brute_force_profiles && wrong < 5; ++n) {
        const profile in = testing::random_roskilde_profile(*p.base, rng, n % 2 == 0);
        ASSERT_FALSE(evaluate(*p.base, in, before));
        ASSERT_FALSE(evaluate(*p.reform, in, after));
        const auto expected = changes_between(r, before, after);
        const auto k = region_of(r, *p.base, in, before);
        if (expected.empty()) {
            // Nothing diff does not follow changes either (the parameter reaches no other value).
            if (anything_differs(*p.base, before, after)) {
                ADD_FAILURE() << "a change diff does not follow:" << describe(*p.base, in);
                ++wrong;
            }
            // No reported region holds an unchanged profile.
            if (k) {
                ADD_FAILURE() << "unchanged profile in region " << *k + 1 << ":" << describe(*p.base, in);
                ++wrong;
            }
            continue;
        }
        ++changed;
        // Every changed profile lies in a reported region, which says how it changes.
        if (!k) {
            ADD_FAILURE() << "changed profile in no region:" << describe(*p.base, in);
            ++wrong;
        } else if (changes_of(r.regions[*k]) != expected) {
            ADD_FAILURE() << "region " << *k + 1 << " says other changes:" << describe(*p.base, in);
            ++wrong;
        }
    }
    EXPECT_GT(changed, brute_force_profiles / 100);  // the reform moves a real share
    EXPECT_EQ(wrong, 0u);
}

TEST(DiffTest, ReformReportMatchesGoldenText) {
    const std::string actual = diff_text(reform_diff());
    const std::string path = "tests/golden/diff/taerskel_85.txt";
    if (std::getenv("TRAPPE_UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << actual;
    EXPECT_EQ(actual, testing::read_file(path)) << path;
}

TEST(DiffTest, ReformRegionsAreFewAndReadable) {
    const diff_result& r = reform_diff();
    EXPECT_LE(r.regions.size(), 40u);
    for (const diff_region& region : r.regions) {
        EXPECT_FALSE(region.changes.empty());
        // Labels, never identifiers.
        EXPECT_EQ(region.description.find("taerskel_85"), std::string::npos) << region.description;
        EXPECT_EQ(region.description.find("stoettebehov_"), std::string::npos) << region.description;
    }
}

TEST(DiffTest, PackAgainstItselfHasNoRegions) {
    const auto& base = roskilde_and_reform().base;
    const diff_result r = diff(*base, *base);
    EXPECT_TRUE(r.regions.empty());
    EXPECT_EQ(r.changed_leaves, 0u);
    EXPECT_GT(r.leaves, 0u);
    EXPECT_TRUE(r.undetermined.empty());
    EXPECT_NE(diff_text(r).find("0 områder"), std::string::npos) << diff_text(r);
}

// Profiles as JSON lines, by field name; ikke vurderet as null.
std::string json_line(const plan& p, const profile& in) {
    std::string out = "{";
    for (std::size_t i = 0; i < p.inputs().size(); ++i) {
        const symbol& s = p.rules().symbols[p.inputs()[i]];
        const type_info& t = p.rules().type_of(p.inputs()[i]);
        // Appends, not operator+ chains (GCC 12 reports a false -Wrestrict on those).
        out += i ? ",\"" : "\"";
        out += s.name;
        out += "\":";
        if (!in.assessed[i]) {
            out += "null";
            continue;
        }
        switch (t.kind) {
            case type_kind::boolean: out += in.values[i] ? "true" : "false"; break;
            case type_kind::date: out += '"'; out += format_date(static_cast<day_number>(in.values[i])); out += '"'; break;
            case type_kind::enumeration: out += '"'; out += t.value_name(in.values[i]); out += '"'; break;
            case type_kind::string: out += '"'; out += in.texts[i]; out += '"'; break;
            default: out += std::to_string(in.values[i]);
        }
    }
    return out + "}\n";
}

// A small population written as JSON lines, with one bad row at the end.
std::string write_population(std::size_t rows, const std::string& name) {
    const plan& base = *roskilde_and_reform().base;
    std::mt19937_64 rng(7);
    const std::string path = testing::temp_path(name);
    std::ofstream out(path, std::ios::binary);
    for (std::size_t n = 0; n < rows; ++n) out << json_line(base, testing::random_roskilde_profile(base, rng, true));
    std::string bad = json_line(base, testing::random_roskilde_profile(base, rng));
    const std::size_t at = bad.find("\"relationer\":");
    bad.replace(at, bad.find(',', at) - at, "\"relationer\":9");
    out << bad;
    return path;
}

TEST(DiffTest, PopulationIsWeighedByRegion) {
    const packs& p = roskilde_and_reform();
    const diff_result& r = reform_diff();
    const std::string path = write_population(400, "diff_population.jsonl");
    const diff_weights w = weigh(r, *p.base, *p.reform, path);
    EXPECT_EQ(w.rows, 401u);
    EXPECT_EQ(w.input_errors, 1u);
    EXPECT_EQ(w.changed_unplaced, 0u);
    EXPECT_EQ(w.undetermined, 0u);  // only stoettebehov_vurderet is left open, and known() reads it
    std::uint64_t placed = 0;
    for (std::uint64_t n : w.per_region) placed += n;
    EXPECT_GT(placed, 0u);
    EXPECT_EQ(placed + w.unchanged + w.input_errors, w.rows);
    // Against brute force: the same rows change.
    std::uint64_t changed = 0;
    decision before, after;
    for (profile_row& row : read_profiles(*p.base, path)) {
        if (!row.values) continue;
        ASSERT_FALSE(evaluate(*p.base, *row.values, before));
        ASSERT_FALSE(evaluate(*p.reform, *row.values, after));
        changed += !changes_between(r, before, after).empty();
    }
    EXPECT_EQ(placed, changed);
    // Small counts are suppressed in every aggregated output.
    const std::string text = diff_text(r, &w);
    bool small = false;
    for (std::uint64_t n : w.per_region) small = small || (n > 0 && n < 5);
    if (small) {
        EXPECT_NE(text.find("borgere: <5"), std::string::npos) << text;
    }
    EXPECT_EQ(text.find("med fejl i profilen (ikke talt med): 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("med fejl i profilen (ikke talt med): <5\n"), std::string::npos) << text;
    std::filesystem::remove(path);
}

// Two small packs that differ in a criterion's rule text (so not a reform of the
// same files: every item is followed), the second with an output of its own.
constexpr const char* small_pack = R"(pack "lille"
type niveau = level 0..3 { ingen "ingen", let "let", moderat "moderat", svaer "svær" }
type trin = level 0..2 { intet "intet", hjaelp "hjælp", bolig "bolig" }
input foedselsdato : date "Fødselsdato" required
input vurderingsdato : date "Dato for vurderingen" required
as_of vurderingsdato
valid from 2025-01-01
input behov : niveau "Behov"
input varig : bool "Varig"
input egen_vurdering : niveau "Sagsbehandlerens vurdering"
define voksen = age(foedselsdato, vurderingsdato) >= 18
define grad "graden" : niveau = if known(egen_vurdering) then egen_vurdering else behov
criterion hjaelp_ret "Hjælp" cites "Testlov § 1" when voksen and grad >= let
criterion bolig_ret "Bolig" cites "Testlov § 2" when voksen and BOLIG
define anbefaling "anbefalingen" : trin = if bolig_ret then bolig else if hjaelp_ret then hjaelp else intet
offer hjaelp "Hjælp i hjemmet" under hjaelp_ret step hjaelp
offer bolig "Bolig" under bolig_ret step bolig
recommend anbefaling
output grad
)";

std::shared_ptr<const plan> small_plan(const std::string& bolig, const std::string& extra) {
    std::string text = small_pack;
    text.replace(text.find("BOLIG"), 5, bolig);
    const check_result r = check_sources({{"lille.trappe", text + extra}});
    EXPECT_TRUE(r.ok()) << r.report();
    return r.ok() ? compile(r.checked) : nullptr;
}

TEST(DiffTest, TwoPacksAgreeWithEveryProfile) {
    const auto a = small_plan("varig and grad >= moderat", "");
    const auto b = small_plan("(varig or grad = svaer) and grad >= moderat",
                              "define omfang : integer = if bolig_ret then 10 else 0\noutput omfang\n");
    ASSERT_TRUE(a && b);
    const diff_result r = diff(*a, *b);
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_NE(r.notes[0].find("omfang findes kun efter"), std::string::npos) << r.notes[0];
    ASSERT_FALSE(r.regions.empty());
    EXPECT_NE(r.regions[0].description.find("graden 3 (svær)"), std::string::npos) << diff_text(r);
    // Every profile of the small space: the birth dates around the 18th birthday.
    const std::int64_t assessed_on = *parse_date("2025-06-01");
    std::size_t changed = 0, checked = 0;
    decision before, after;
    for (const char* born : {"2007-06-01", "2007-06-02", "1950-01-01"})
        for (std::int64_t behov = 0; behov <= 3; ++behov)
            for (std::int64_t varig = 0; varig <= 1; ++varig)
                for (std::int64_t egen = -1; egen <= 3; ++egen) {
                    profile in(*a);
                    in.set(*a->input_index("foedselsdato"), *parse_date(born));
                    in.set(*a->input_index("vurderingsdato"), assessed_on);
                    in.set(*a->input_index("behov"), behov);
                    in.set(*a->input_index("varig"), varig);
                    if (egen >= 0) in.set(*a->input_index("egen_vurdering"), egen);
                    ASSERT_FALSE(evaluate(*a, in, before));
                    ASSERT_FALSE(evaluate(*b, in, after));  // the same inputs in the same order
                    const auto expected = changes_between(r, before, after);
                    const auto k = region_of(r, *a, in, before);
                    ++checked;
                    if (expected.empty()) {
                        EXPECT_FALSE(k) << "unchanged in a region:" << describe(*a, in);
                        continue;
                    }
                    ++changed;
                    ASSERT_TRUE(k) << "changed in no region:" << describe(*a, in);
                    EXPECT_EQ(changes_of(r.regions[*k]), expected) << describe(*a, in);
                }
    EXPECT_EQ(checked, 3u * 4 * 2 * 5);
    EXPECT_GT(changed, 0u);
}

TEST(DiffTest, SuppressesCountsUnderFive) {
    EXPECT_EQ(suppressed_count(0), "0");
    EXPECT_EQ(suppressed_count(1), "<5");
    EXPECT_EQ(suppressed_count(4), "<5");
    EXPECT_EQ(suppressed_count(5), "5");
}

TEST(DiffCliTest, JsonHasSchemaRegionsAndWeights) {
    const std::string population = write_population(60, "diff_cli_population.jsonl");
    const testing::run_result run =
        testing::run("diff rules/roskilde-2025 --set taerskel_85=hoejt --json --population " + population);
    ASSERT_EQ(run.exit_code, 0) << run.out;
    const boost::json::object doc = boost::json::parse(run.out.substr(run.out.find('{'))).as_object();  // after stderr's timing
    EXPECT_EQ(doc.at("schema").as_string(), "trappe.diff/1");
    EXPECT_EQ(doc.at("after").as_string(), "roskilde-2025 (taerskel_85=højt)");
    const boost::json::array& regions = doc.at("regions").as_array();
    ASSERT_EQ(regions.size(), reform_diff().regions.size());
    for (const boost::json::value& region : regions) {
        EXPECT_TRUE(region.as_object().contains("weight"));
        EXPECT_FALSE(region.at("changes").as_array().empty());
    }
    EXPECT_EQ(doc.at("population").at("input_errors").as_string(), "<5");
    std::filesystem::remove(population);
}

TEST(DiffCliTest, WritesSelfContainedHtml) {
    const std::string html = testing::temp_path("diff.html");
    const testing::run_result run = testing::run("diff rules/roskilde-2025 --set taerskel_85=hoejt --html " + html);
    ASSERT_EQ(run.exit_code, 0) << run.out;
    const std::string page = testing::read_file(html);
    EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_EQ(page.find("http"), std::string::npos);  // nothing fetched from elsewhere
    EXPECT_NE(page.find("→"), std::string::npos);
    EXPECT_NE(run.out.find("Forskelle mellem roskilde-2025 og roskilde-2025 (taerskel_85=højt)"), std::string::npos);
    std::filesystem::remove(html);
}

TEST(DiffCliTest, TwoPacksAndUsageErrors) {
    const testing::run_result same = testing::run("diff rules/roskilde-2025 rules/roskilde-2025");
    EXPECT_EQ(same.exit_code, 0) << same.out;
    EXPECT_NE(same.out.find("0 områder"), std::string::npos) << same.out;
    EXPECT_EQ(testing::run("diff").exit_code, 2);
    EXPECT_EQ(testing::run("diff rules/roskilde-2025 --set nope=1").exit_code, 2);
    EXPECT_EQ(testing::run("diff rules/does-not-exist").exit_code, 1);
    const testing::run_result help = testing::run("diff --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--population FILE"), std::string::npos);
}

}  // namespace
}  // namespace trappe
