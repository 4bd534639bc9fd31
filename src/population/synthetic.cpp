// The synthetic VUM population (docs/population.md describes the model).

#include "trappe/population/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <stdexcept>

#include "trappe/common/date.hpp"
#include "trappe/plan/plan.hpp"
#include "trappe/common/error.hpp"

namespace trappe {
namespace {

// SplitMix64: small, fast, and the same on every platform (unlike std distributions).
class random {
public:
    random(std::uint64_t seed, std::uint64_t row) : state_(seed * 0x9E3779B97F4A7C15ull ^ (row + 1) * 0xD1B54A32D192ED03ull) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return uniform() < p; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
        return lo + static_cast<std::int64_t>(uniform() * static_cast<double>(hi - lo + 1));
    }
    double normal() {  // Box-Muller
        const double u = 1.0 - uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
    }

private:
    std::uint64_t state_;
};

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::int8_t level(double x) { return static_cast<std::int8_t>(std::clamp(std::lround(x), 0L, 4L)); }

enum field : std::size_t {
    foedselsdato, vurderingsdato, praktiske_opgaver, egenomsorg, kommunikation, mobilitet, samfundsliv, relationer,
    fysisk_funktionsnedsaettelse, psykisk_funktionsnedsaettelse, saerlige_sociale_problemer, sindslidelse, misbrug,
    hjemloeshed, varig_funktionsnedsaettelse, behov_for_pleje_eller_behandling, kan_faerdes_alene,
    kan_arbejde_paa_normale_vilkaar, kan_benytte_beskaeftigelsestilbud, har_arbejdsevne, stoettebehov_vurderet,
    field_count
};

constexpr const char* field_names[field_count] = {
    "foedselsdato", "vurderingsdato", "praktiske_opgaver", "egenomsorg", "kommunikation", "mobilitet", "samfundsliv",
    "relationer", "fysisk_funktionsnedsaettelse", "psykisk_funktionsnedsaettelse", "saerlige_sociale_problemer",
    "sindslidelse", "misbrug", "hjemloeshed", "varig_funktionsnedsaettelse", "behov_for_pleje_eller_behandling",
    "kan_faerdes_alene", "kan_arbejde_paa_normale_vilkaar", "kan_benytte_beskaeftigelsestilbud", "har_arbejdsevne",
    "stoettebehov_vurderet"};

constexpr const char* stoettebehov_names[] = {"intet", "let", "moderat", "hoejt", "fuldstaendigt"};

// How much each VUM theme departs from the latent severity, on average.
constexpr double theme_offset[6] = {0.2, -0.3, -0.4, -0.2, 0.4, 0.3};

}  // namespace

const population::column* population::find(const std::string& name) const {
    for (const column& c : columns)
        if (c.name == name) return &c;
    return nullptr;
}

std::vector<input_column> population::columns_for(const plan& p) const {
    std::vector<input_column> out;
    for (symbol_id s : p.inputs()) {
        const std::string& name = p.rules().symbols[s].name;
        if (p.rules().type_of(s).kind == type_kind::string) {
            out.push_back({element_type::i64, nullptr, nullptr});
            continue;
        }
        const column* c = find(name);
        if (c == nullptr) throw misuse_error("the population has no field '" + name + "'");
        const void* data = c->type == element_type::i32 ? static_cast<const void*>(c->dates.data()) : c->small.data();
        out.push_back({c->type, data, c->valid.data()});
    }
    return out;
}

population synthetic_population(std::size_t n, std::uint64_t seed, std::size_t first_row, unsigned years_later) {
    population pop;
    pop.rows = n;
    pop.columns.resize(field_count);
    for (std::size_t f = 0; f < field_count; ++f) {
        population::column& c = pop.columns[f];
        c.name = field_names[f];
        c.type = f <= vurderingsdato ? element_type::i32 : element_type::i8;
        c.holds = f <= vurderingsdato                                  ? population::kind::date
                  : f <= relationer                                    ? population::kind::level
                  : f == stoettebehov_vurderet                         ? population::kind::support_need
                                                                       : population::kind::boolean;
        (c.type == element_type::i32 ? c.dates.resize(n) : c.small.resize(n));
        c.valid.assign(n, 1);
    }
    pop.borger_id.resize(n);
    const day_number first_assessment = *parse_date("2025-06-01");
    for (std::size_t r = 0; r < n; ++r) {
        const std::size_t row = first_row + r;
        random rng(seed, row);
        const auto set = [&](field f, std::int64_t v) { pop.columns[f].small[r] = static_cast<std::int8_t>(v); };
        pop.borger_id[r] = "syn-" + std::to_string(seed) + "-" + std::to_string(row);

        // Dates: assessed within a year; half the caseload 18-40 years old, the rest 41-90.
        const auto assessed = static_cast<day_number>(first_assessment + rng.between(0, 364));
        const std::int64_t age = rng.chance(0.5) ? rng.between(18, 40) : rng.between(41, 90);
        pop.columns[foedselsdato].dates[r] =
            static_cast<day_number>(add_months(assessed, -12 * age) - rng.between(0, 360));
        pop.columns[vurderingsdato].dates[r] = static_cast<day_number>(add_months(assessed, 12 * static_cast<std::int64_t>(years_later)));

        // The six VUM themes, correlated through one latent severity.
        double severity = rng.normal();
        double theme[6];
        for (double& e : theme) e = rng.normal();
        if (years_later > 0) {
            // Reassessed later: the severity drifts, towards recovery on average, from
            // a stream of its own, so every other draw of the citizen stays the same.
            random later(seed ^ 0x6C8E9CF570932BD5ull, row);
            severity += -0.15 * years_later + 0.5 * std::sqrt(static_cast<double>(years_later)) * later.normal();
        }
        std::int8_t levels[6];
        for (int t = 0; t < 6; ++t) levels[t] = level(1.2 + 0.9 * severity + 0.6 * theme[t] + theme_offset[t]);
        for (int t = 0; t < 6; ++t) set(static_cast<field>(praktiske_opgaver + t), levels[t]);

        // Målgruppe and the other facts at plausible rates, leaning on severity.
        const bool psykisk = rng.chance(0.6);
        const bool saerlige = rng.chance(0.12);
        set(psykisk_funktionsnedsaettelse, psykisk);
        set(fysisk_funktionsnedsaettelse, rng.chance(levels[3] >= 2 ? 0.45 : 0.2));
        set(saerlige_sociale_problemer, saerlige);
        set(sindslidelse, rng.chance(psykisk ? 0.45 : 0.03));
        set(misbrug, rng.chance(saerlige ? 0.3 : 0.08));
        set(hjemloeshed, rng.chance(saerlige ? 0.25 : 0.02));
        set(varig_funktionsnedsaettelse, rng.chance(sigmoid(0.8 * severity)));
        set(behov_for_pleje_eller_behandling, rng.chance(sigmoid(1.2 * severity - 1.0)));
        set(kan_faerdes_alene, rng.chance(levels[3] <= 2 ? 0.9 : 0.3));
        set(kan_arbejde_paa_normale_vilkaar, rng.chance(sigmoid(-1.5 * severity - 0.5)));
        set(kan_benytte_beskaeftigelsestilbud, rng.chance(sigmoid(-1.0 * severity)));
        set(har_arbejdsevne, rng.chance(sigmoid(-0.8 * severity + 1.2)));

        // The caseworker's own judgement is recorded for about one in seven.
        if (rng.chance(0.15)) set(stoettebehov_vurderet, level(1.8 + 1.1 * severity + 0.5 * rng.normal()));
        else pop.columns[stoettebehov_vurderet].valid[r] = 0;

        // About one row in five has 1-3 themes or facts ikke vurderet.
        if (rng.chance(0.2)) {
            const std::int64_t count = rng.between(1, 3);
            for (std::int64_t k = 0; k < count; ++k)
                pop.columns[static_cast<std::size_t>(rng.between(praktiske_opgaver, har_arbejdsevne))].valid[r] = 0;
        }
    }
    return pop;
}

void write_csv(const population& pop, std::ostream& out, bool header) {
    if (header) {
        out << "borger_id";
        for (const auto& c : pop.columns) out << ',' << c.name;
        out << '\n';
    }
    std::string line;
    for (std::size_t r = 0; r < pop.rows; ++r) {
        line = pop.borger_id[r];
        for (const auto& c : pop.columns) {
            line += ',';
            if (!c.valid[r]) continue;
            switch (c.holds) {
                case population::kind::date: line += format_date(c.dates[r]); break;
                case population::kind::support_need: line += stoettebehov_names[c.small[r]]; break;
                case population::kind::level: line += static_cast<char>('0' + c.small[r]); break;
                case population::kind::boolean: line += c.small[r] ? "true" : "false"; break;
            }
        }
        line += '\n';
        out << line;
    }
}

}  // namespace trappe
