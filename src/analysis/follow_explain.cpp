// The first trace entry that explains a move; see follow_explain.hpp.

#include "follow_explain.hpp"

#include <algorithm>
#include <thread>

#include "trappe/eval/batch.hpp"
#include "trappe/eval/profile_reader.hpp"
#include "trappe/explain/explanation.hpp"

namespace trappe::detail {
namespace {

using recorded = std::map<std::string, std::pair<std::int64_t, std::int64_t>>;

std::string value_text(const type_info& t, std::int64_t lo, std::int64_t hi) {
    const auto one = [&](std::int64_t v) {
        if (t.kind == type_kind::boolean) return std::string(v != 0 ? "ja" : "nej");
        if (t.kind == type_kind::date) return format_date(static_cast<day_number>(v));
        const std::string& name = t.value_name(v);
        return name.empty() ? std::to_string(v) : name;
    };
    return lo == hi ? one(lo) : one(lo) + ".." + one(hi);
}

// The symbols the step is computed from: the recommendation, or the criteria of
// the followed offers, and everything their rules read.
std::vector<std::uint8_t> step_sources(const program& rules, const std::vector<trace_entry>& trace,
                                       const follow_result& r) {
    std::vector<std::uint8_t> in(rules.symbols.size(), 0);
    std::vector<symbol_id> todo;
    if (rules.recommendation) todo.push_back(*rules.recommendation);
    else
        for (const offer& o : rules.offers)
            if (o.criterion && std::find(r.offers.begin(), r.offers.end(), o.name) != r.offers.end()) todo.push_back(*o.criterion);
    std::vector<const trace_entry*> entry_of(rules.symbols.size(), nullptr);
    for (const trace_entry& e : trace) entry_of[e.symbol] = &e;
    while (!todo.empty()) {
        const symbol_id s = todo.back();
        todo.pop_back();
        if (in[s] != 0) continue;
        in[s] = 1;
        if (entry_of[s] != nullptr)
            for (const symbol_id u : entry_of[s]->uses) todo.push_back(u);
    }
    return in;
}

std::string first_entry(const plan& p, const profile& current, const recorded& before, const follow_result& r) {
    const program& rules = p.rules();
    auto traced = evaluate_traced(p, current);
    if (std::holds_alternative<input_error>(traced)) return "";
    const std::vector<trace_entry> trace = build_trace(std::get<traced_decision>(traced));
    const std::vector<std::uint8_t> sources = step_sources(rules, trace, r);
    const trace_entry* chosen = nullptr;
    const trace_entry* last = nullptr;
    std::string from;
    for (const trace_entry& e : trace) {
        if (sources[e.symbol] == 0) continue;
        last = &e;
        const auto old = before.find(rules.symbols[e.symbol].name);
        if (old == before.end()) continue;
        if (old->second.first != e.value.lo || old->second.second != e.value.hi) {
            chosen = &e;
            from = value_text(rules.type_of(e.symbol), old->second.first, old->second.second);
            break;
        }
    }
    if (chosen == nullptr) {
        // No recorded value changed: the step's own entry (the last one it is computed from).
        chosen = last;
        if (chosen == nullptr) return "";
        const auto old = before.find(rules.symbols[chosen->symbol].name);
        from = old == before.end() ? "?" : value_text(rules.type_of(chosen->symbol), old->second.first, old->second.second);
    }
    const type_info& t = rules.type_of(chosen->symbol);
    std::string text = rules.symbols[chosen->symbol].name + ": " + from + " -> " + value_text(t, chosen->value.lo, chosen->value.hi);
    if (!chosen->decided_by.empty()) text += " (" + chosen->decided_by + ")";
    if (!chosen->sentence.empty()) text += ": " + chosen->sentence;
    if (!chosen->citation.empty()) text += " [" + chosen->citation + "]";
    return text;
}

}  // namespace

void explain_moves(const plan& p, const follow_options& options, decisions_reader& previous,
                   const std::vector<std::uint64_t>& offsets, std::size_t previous_citizens,
                   const std::map<std::size_t, std::string>& current_lines, const std::string& csv_header,
                   follow_result& r) {
    std::map<std::string, const type_info*> types;
    for (const symbol_id s : batch_outputs(p)) types[p.rules().symbols[s].name] = &p.rules().type_of(s);
    struct job {
        std::size_t citizen;
        const std::string* line;
        recorded before;
        std::string entry;
    };
    std::vector<job> jobs;
    for (const auto& [c, line] : current_lines)
        if (c < previous_citizens) jobs.push_back({c, &line, previous.outputs_at(offsets[c], types), {}});
    const auto work = [&](std::size_t from, std::size_t to) {
        for (std::size_t j = from; j < to; ++j) {
            const std::string text = csv_header.empty() ? *jobs[j].line : csv_header + "\n" + *jobs[j].line;
            std::vector<profile_row> rows = csv_header.empty() ? read_json_profiles(p, text) : read_csv_profiles(p, text);
            if (rows.size() == 1 && rows[0].values) jobs[j].entry = first_entry(p, *rows[0].values, jobs[j].before, r);
        }
    };
    const std::size_t threads = std::max<std::size_t>(1, options.threads == 0 ? std::thread::hardware_concurrency() : options.threads);
    const std::size_t share = jobs.size() / threads + 1;
    {
        std::vector<std::jthread> helpers;
        for (std::size_t t = 1; t < threads && t * share < jobs.size(); ++t)
            helpers.emplace_back([&, t] { work(t * share, std::min(jobs.size(), (t + 1) * share)); });
        work(0, std::min(jobs.size(), share));
    }
    for (job& j : jobs)
        if (!j.entry.empty()) r.first_entry[j.citizen] = std::move(j.entry);
}

}  // namespace trappe::detail
