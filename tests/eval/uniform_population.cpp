#include "eval/uniform_population.hpp"

#include <algorithm>
#include <optional>

namespace trappe::testing {
namespace {

// splitmix64: fast, and the same numbers on every platform (std distributions are not).
class random_stream {
public:
    explicit random_stream(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = state_ += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in lo..hi (inclusive); the slight modulo bias does not matter here.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
        const std::uint64_t x = span == 0 ? next() : next() % span;  // span 0: the whole int64 range
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + x);
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
    template <typename T>
    const T& pick(const std::vector<T>& from) {
        return from[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(from.size()) - 1))];
    }

private:
    std::uint64_t state_;
};

// Which items of a row are ikke vurderet. Besides rows where each item is left out
// independently, whole rows are fully assessed (evaluate()'s fast path and the batch's
// clean blocks) or miss exactly one item (often one that known() guards, where single
// evaluation stays on plain values while the set path does not). About 30% of the
// optional cells and 1% of the required ones are ikke vurderet overall.
constexpr double fully_assessed_rows = 0.2;
constexpr double one_missing_rows = 0.2;
constexpr double unassessed_share = 0.5;  // in the other rows
constexpr double required_unassessed_share = 0.0167;
constexpr double out_of_range_share = 0.01;
constexpr std::int64_t days_per_year = 365;

// Narrow element types where the type allows, so the batch's readers of every width are used.
element_type element_for(type_kind kind) {
    switch (kind) {
        case type_kind::boolean: return element_type::i8;
        case type_kind::level:
        case type_kind::enumeration: return element_type::i16;
        case type_kind::date: return element_type::i32;
        default: return element_type::i64;
    }
}

std::int64_t element_min(element_type e) {
    switch (e) {
        case element_type::i8: return INT8_MIN;
        case element_type::i16: return INT16_MIN;
        case element_type::i32: return INT32_MIN;
        case element_type::i64: return INT64_MIN;
    }
    return INT64_MIN;
}

std::int64_t element_max(element_type e) {
    switch (e) {
        case element_type::i8: return INT8_MAX;
        case element_type::i16: return INT16_MAX;
        case element_type::i32: return INT32_MAX;
        case element_type::i64: return INT64_MAX;
    }
    return INT64_MAX;
}

// Values outside lo..hi that a column of this element type can hold: just outside, far outside.
std::vector<std::int64_t> out_of_range_values(const type_info& t, element_type e) {
    std::vector<std::int64_t> candidates{element_min(e), element_max(e)};
    if (t.lo > INT64_MIN) candidates.push_back(t.lo - 1);
    if (t.hi < INT64_MAX) candidates.push_back(t.hi + 1);
    if (t.hi < INT64_MAX - 1000) candidates.push_back(t.hi + 1000);
    std::vector<std::int64_t> out;
    for (std::int64_t v : candidates)
        if ((v < t.lo || v > t.hi) && v >= element_min(e) && v <= element_max(e) &&
            std::find(out.begin(), out.end(), v) == out.end())
            out.push_back(v);
    return out;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// The latest 29 February on or before `d`.
std::int64_t leap_day_before(std::int64_t d) {
    const civil_date c = to_civil(static_cast<day_number>(d));
    int y = c.year;
    if (c.month < 2 || (c.month == 2 && c.day < 29)) --y;  // this year's 29 February is still to come
    while (!is_leap(y)) --y;
    return to_days({y, 2, 29});
}

// Assessment and birth dates. The "birth" role is generic: any date input that is
// not the as_of input. Boundary dates come from the plan itself (its date-valued
// definitions), so the pension date is found without knowing its name or table.
class date_source {
public:
    explicit date_source(const plan& p) : p_(p), probe_(p) {
        const program& rules = p.rules();
        has_start_ = p.valid_from() != INT32_MIN;
        start_ = has_start_ ? p.valid_from() : to_days({2025, 1, 1});
        for (std::size_t i = 0; i < p.inputs().size(); ++i) {
            const type_info& t = rules.type_of(p.inputs()[i]);
            if (t.kind == type_kind::string) probe_.set_text(i, "");
            else probe_.set(i, t.kind == type_kind::date || !t.bounded ? 0 : t.lo);
            if (t.kind == type_kind::date && i != p.as_of_input() && !birth_) birth_ = i;
        }
        for (symbol_id s = 0; s < rules.symbols.size(); ++s)
            if (rules.symbols[s].kind == symbol_kind::definition && rules.type_of(s).kind == type_kind::date)
                date_definitions_.push_back(s);
    }

    [[nodiscard]] std::optional<std::size_t> birth_input() const { return birth_; }

    /// An assessment date: mostly on or after the first valid date, sometimes just before it.
    std::int64_t assessment(random_stream& rng) {
        if (has_start_ && rng.chance(0.08)) return rng.chance(0.25) ? start_ - 1 : rng.between(start_ - 10 * days_per_year, start_ - 1);
        if (rng.chance(0.02)) return start_;
        return rng.between(start_, start_ + 20 * days_per_year);
    }

    /// A birth date 0-100 years (inclusive) before `at`.
    static std::int64_t aged(random_stream& rng, std::int64_t at) {
        return rng.between(add_months(static_cast<day_number>(at), -101 * 12) + 1, at);
    }

    /// Fills the assessment date `at` and the birth date `birth` of one row.
    void draw(random_stream& rng, std::int64_t& at, std::int64_t& birth) {
        at = assessment(rng);
        const std::int64_t kind = rng.between(0, 999);
        if (kind < 550) {
            birth = aged(rng, at);
        } else if (kind < 580) {
            birth = leap_day_before(aged(rng, at));
            if (birth > at || at - birth > 100 * days_per_year) birth = aged(rng, at);
        } else if (kind < 730) {
            // The day before, of and after the 18th birthday (a 29 February one a quarter of the time).
            birth = add_months(static_cast<day_number>(at), -18 * 12);
            if (rng.chance(0.25)) birth = leap_day_before(birth);
            at = add_months(static_cast<day_number>(birth), 18 * 12) + rng.between(-1, 1);
        } else if (kind < 880 && !date_definitions_.empty()) {
            near_definition(rng, at, birth);
        } else if (kind < 930) {
            // Exactly 0 and exactly 100 years old, and the day past 100.
            const std::int64_t which = rng.between(0, 2);
            birth = which == 0 ? at : add_months(static_cast<day_number>(at), -100 * 12) + (which == 1 ? 0 : -1);
        } else if (kind < 980) {
            birth = at + rng.between(1, 10 * days_per_year);  // not yet born on the assessment date
        } else if (kind < 998) {
            birth = rng.between(-3'000'000, 3'000'000);  // years -6200..10200
        } else {
            const std::vector<std::int64_t> extremes{INT32_MIN, INT32_MAX, -3'650'001, 3'650'001};
            birth = rng.pick(extremes);
        }
    }

private:
    // A birth date whose date-valued definition (e.g. the pension date) falls near the
    // assessment date, and an assessment date the day before, of or after it.
    void near_definition(random_stream& rng, std::int64_t& at, std::int64_t& birth) {
        const symbol_id d = rng.pick(date_definitions_);
        const std::int64_t first = aged(rng, at);
        const std::optional<std::int64_t> reached = definition_value(d, first, at);
        birth = first;
        if (!reached) return;
        birth = at - (*reached - first) + rng.between(-400, 400);
        if (rng.chance(0.25)) birth = leap_day_before(birth);
        if (const auto boundary = definition_value(d, birth, at)) at = *boundary + rng.between(-1, 1);
    }

    std::optional<std::int64_t> definition_value(symbol_id d, std::int64_t birth, std::int64_t at) {
        for (std::size_t i = 0; i < p_.inputs().size(); ++i)
            if (p_.rules().type_of(p_.inputs()[i]).kind == type_kind::date) probe_.set(i, birth);
        if (const auto a = p_.as_of_input()) probe_.set(*a, std::max<std::int64_t>(at, start_));
        const evaluation e = evaluate(p_, probe_);
        const auto* result = std::get_if<decision>(&e);
        if (result == nullptr || !result->value(d).determined()) return std::nullopt;
        return result->value(d).lo;
    }

    const plan& p_;
    profile probe_;  // every input assessed: the fast path
    bool has_start_ = false;
    std::int64_t start_ = 0;
    std::optional<std::size_t> birth_;
    std::vector<symbol_id> date_definitions_;
};

}  // namespace

uniform_population::uniform_population(const plan& p, std::size_t rows, std::uint64_t seed) : rows_(rows) {
    const program& rules = p.rules();
    const auto inputs = p.inputs();
    storage_.resize(inputs.size());
    std::vector<element_type> types(inputs.size());
    std::vector<std::vector<std::int64_t>> bad(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const type_info& t = rules.type_of(inputs[i]);
        types[i] = element_for(t.kind);
        bad[i] = out_of_range_values(t, types[i]);
        storage& s = storage_[i];
        s.valid.resize(rows);
        switch (types[i]) {
            case element_type::i8: s.i8.resize(rows); break;
            case element_type::i16: s.i16.resize(rows); break;
            case element_type::i32: s.i32.resize(rows); break;
            case element_type::i64: s.i64.resize(rows); break;
        }
    }

    std::vector<std::size_t> optional;  // inputs that may be ikke vurderet without a row error
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (!rules.symbols[inputs[i]].required && rules.type_of(inputs[i]).kind != type_kind::string) optional.push_back(i);
    if (optional.empty()) optional.push_back(inputs.size());  // "none": every row of that shape is complete

    date_source dates(p);
    std::vector<std::int64_t> row(inputs.size());
    for (std::size_t r = 0; r < rows; ++r) {
        random_stream rng(seed * 0x2545f4914f6cdd1dULL + r);  // row r depends only on (seed, r)
        std::int64_t at = 0, birth = 0;
        dates.draw(rng, at, birth);
        const double shape = static_cast<double>(rng.between(0, 999)) / 1000;
        const bool complete = shape < fully_assessed_rows;
        const bool one_missing = !complete && shape < fully_assessed_rows + one_missing_rows;
        const bool sparse = !complete && !one_missing;
        const std::size_t missing = one_missing ? rng.pick(optional) : inputs.size();
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const symbol& input = rules.symbols[inputs[i]];
            const type_info& t = rules.type_of(inputs[i]);
            std::int64_t v = 0;
            if (t.kind == type_kind::date) {
                v = i == p.as_of_input() ? at : i == dates.birth_input() ? birth : date_source::aged(rng, at);
            } else if (t.kind == type_kind::string) {
                v = 0;
            } else if (!bad[i].empty() && rng.chance(out_of_range_share)) {
                v = rng.pick(bad[i]);
            } else if (t.kind == type_kind::integer && !t.bounded) {
                v = rng.chance(0.9) ? rng.between(-1000, 1000) : rng.between(t.lo, t.hi);
            } else {
                v = rng.between(t.lo, t.hi);
            }
            const bool assessed =
                t.kind != type_kind::string && i != missing &&
                !(sparse && rng.chance(input.required ? required_unassessed_share : unassessed_share));
            // An unassessed cell holds junk, out of range or not: its value must never be read.
            if (!assessed && !bad[i].empty() && rng.chance(0.5)) v = rng.pick(bad[i]);
            storage& s = storage_[i];
            s.valid[r] = assessed ? 1 : 0;
            switch (types[i]) {
                case element_type::i8: s.i8[r] = static_cast<std::int8_t>(v); break;
                case element_type::i16: s.i16[r] = static_cast<std::int16_t>(v); break;
                case element_type::i32: s.i32[r] = static_cast<std::int32_t>(v); break;
                case element_type::i64: s.i64[r] = v; break;
            }
        }
    }

    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const storage& s = storage_[i];
        if (rules.type_of(inputs[i]).kind == type_kind::string) {
            views_.push_back({element_type::i64, nullptr, nullptr});  // the batch does not read strings
            continue;
        }
        const void* data = nullptr;
        switch (types[i]) {
            case element_type::i8: data = s.i8.data(); break;
            case element_type::i16: data = s.i16.data(); break;
            case element_type::i32: data = s.i32.data(); break;
            case element_type::i64: data = s.i64.data(); break;
        }
        views_.push_back({types[i], data, s.valid.data()});
    }
}

}  // namespace trappe::testing
