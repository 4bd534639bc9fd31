// follow_caseload: the previous decisions read into one compact side per
// citizen, the current profiles through the columnar caseload run (values kept,
// no lines written), matched by case id in a hash table.

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "eval/caseload_run.hpp"
#include "eval/json_value.hpp"
#include "eval/record_lines.hpp"
#include "follow_explain.hpp"
#include "follow_fields.hpp"
#include "follow_ids.hpp"
#include "follow_previous.hpp"
#include "trappe/eval/batch.hpp"
#include "trappe/eval/profile_stream.hpp"

namespace trappe {
namespace {

// The --set overrides as JSON text, as a run manifest writes them.
std::map<std::string, std::string> parameters_of(const plan& p) {
    std::map<std::string, std::string> out;
    const program& rules = p.rules();
    for (const auto& [name, value] : p.overrides()) {
        const symbol_id s = *rules.find(name);
        out[name] = boost::json::serialize(
            detail::json_value(rules, rules.symbols[s].type, value_range{value, value}, std::vector<symbol_id>{}));
    }
    return out;
}

age_group group_of(std::int64_t birth, std::int64_t at) {
    if (birth == detail::kept_rows::unassessed || at == detail::kept_rows::unassessed) return age_group::unknown;
    return age_in_years(static_cast<day_number>(birth), static_cast<day_number>(at)) < 30 ? age_group::under_30
                                                                                           : age_group::from_30;
}

std::string duplicate_message(std::size_t first_row) {
    return "case id given again (first in row " + std::to_string(first_row) + ")";
}

}  // namespace

std::string follow_manifest(const plan& p) {
    boost::json::object parameters;
    for (const auto& [name, text] : parameters_of(p)) parameters[name] = boost::json::parse(text);
    const program& rules = p.rules();
    return detail::write_json(boost::json::object{
        {"schema", "trappe.manifest/1"},
        {"command", "follow"},
        {"rules", boost::json::object{{"pack", rules.pack_name}, {"hash", rules.content_hash}}},
        {"parameters", std::move(parameters)}});
}

follow_result follow_caseload(const plan& p, const follow_options& o) {
    follow_result r;
    const program& rules = p.rules();
    r.pack = rules.pack_name;
    r.hash = rules.content_hash;
    r.parameters = parameters_of(p);

    detail::decisions_reader previous(o.previous, o.previous_manifest);
    r.previous = previous.run();
    if (!r.previous.manifest && !o.allow_unknown_pack)
        throw io_error("'" + o.previous.string() +
                       "' carries no run manifest, so its rules are unknown (give --previous-manifest, or "
                       "--allow-unknown-pack to follow it anyway)");
    const detail::follow_fields fields(p, &previous.columns(), r);
    detail::follow_ids ids(r);
    std::vector<std::uint64_t> offsets;  // per previous citizen, with explain_moves
    const auto add_citizen = [&](std::string_view id, std::uint8_t presence) {
        r.ids += id;
        r.id_end.push_back(r.ids.size());
        r.presence.push_back(presence);
        r.before.emplace_back();
        r.after.emplace_back();
        ids.add(r.presence.size() - 1);
        return r.presence.size() - 1;
    };
    previous.read(
        fields,
        [&](std::string_view id, std::size_t row, std::uint64_t offset, const std::int64_t* lo, const std::int64_t* hi) {
            ++r.previous_rows;
            if (const auto c = ids.find(id)) {
                r.previous_errors.push_back({row, "borger_id", duplicate_message(r.before[*c].row)});
                return;
            }
            const std::size_t c = add_citizen(id, 1);
            r.before[c] = fields.side(lo, hi);
            r.before[c].row = static_cast<std::uint32_t>(row);
            if (o.explain_moves) offsets.push_back(offset);
        },
        [&](input_error e) {
            ++r.previous_rows;
            r.previous_errors.push_back(std::move(e));
        },
        o.between_parts);
    const std::size_t previous_citizens = r.citizens();

    // The current profiles: every row evaluated by the caseload run, values kept.
    profile_stream in(p, o.current);
    if (in.format() == profile_stream::file_format::json_document)
        throw io_error("'" + o.current.string() + "': follow reads CSV or JSON lines, one profile a line");
    detail::caseload_options c;
    c.in = in.format() == profile_stream::file_format::csv && !in.csv_header().empty() ? detail::caseload_format::csv
                                                                                      : detail::caseload_format::json_lines;
    c.csv_header = in.csv_header();
    c.threads = o.threads;
    c.keep_results = true;
    c.write_lines = false;
    const auto birth = p.input_index("foedselsdato");
    const auto as_of = p.as_of_input();
    if (birth && as_of) c.kept_inputs = {*birth, *as_of};
    // Where each needed output is among the batch outputs.
    const std::vector<symbol_id> outputs = batch_outputs(p);
    std::vector<std::size_t> output_of;
    for (const std::string& name : fields.names)
        for (std::size_t k = 0; k < outputs.size(); ++k)
            if (rules.symbols[outputs[k]].name == name) output_of.push_back(k);
    std::vector<std::int64_t> lo(fields.names.size()), hi(fields.names.size());
    std::map<std::size_t, std::string> current_lines;  // moved citizens' profile lines, with explain_moves
    std::vector<std::string_view> lines;               // the lines of the text being processed
    std::size_t first_row = 0;
    detail::caseload_run run(p, c);
    const auto sink = [&](detail::caseload_part& part) {
        for (input_error& e : part.errors) r.current_errors.push_back(std::move(e));
        const detail::kept_rows& kept = part.kept;
        const std::size_t width = outputs.size();
        for (std::size_t k = 0; k < kept.row.size(); ++k) {
            for (std::size_t i = 0; i < output_of.size(); ++i) {
                lo[i] = kept.lo[k * width + output_of[i]];
                hi[i] = kept.hi[k * width + output_of[i]];
            }
            const std::size_t row = kept.row[k];
            const std::string_view id = kept.id(k);
            if (id.empty()) {
                r.current_errors.push_back({row, "borger_id", "missing"});
                continue;
            }
            follow_side side = fields.side(lo.data(), hi.data());
            side.row = static_cast<std::uint32_t>(row);
            if (!c.kept_inputs.empty()) side.age = group_of(kept.inputs[2 * k], kept.inputs[2 * k + 1]);
            std::size_t citizen = 0;
            if (const auto found = ids.find(id)) {
                citizen = *found;
                if (r.in_current(citizen)) {
                    r.current_errors.push_back({row, "borger_id", duplicate_message(r.after[citizen].row)});
                    continue;
                }
                r.presence[citizen] |= 2;
            } else {
                citizen = add_citizen(id, 2);
            }
            r.after[citizen] = side;
            if (o.explain_moves && r.in_previous(citizen) && r.step_changed(citizen))
                current_lines[citizen] = std::string(lines[row - first_row - 1]);
        }
    };
    std::string buffer;
    constexpr std::size_t read_bytes = std::size_t{4} << 20;
    const std::size_t bytes = read_bytes * std::max<std::size_t>(o.threads == 0 ? 2 : o.threads, 1);
    for (auto text = in.next_lines(buffer, bytes); !text.empty(); text = in.next_lines(buffer, bytes)) {
        if (o.between_parts) o.between_parts();
        first_row = run.rows();
        if (o.explain_moves) {
            lines.clear();
            detail::for_each_record(text, [&](std::string_view line, std::size_t) { lines.push_back(line); });
        }
        run.process(text, sink);
    }
    r.current_rows = run.rows();
    std::sort(r.current_errors.begin(), r.current_errors.end(),
              [](const input_error& a, const input_error& b) { return a.row < b.row; });
    if (o.explain_moves) detail::explain_moves(p, o, previous, offsets, previous_citizens, current_lines, in.csv_header(), r);
    return r;
}

bool follow_result::step_changed(std::size_t c) const noexcept {
    const follow_side& a = before[c];
    const follow_side& b = after[c];
    return a.step_lo != b.step_lo || a.step_hi != b.step_hi;
}

movement follow_result::moved(std::size_t c) const noexcept {
    const follow_side& a = before[c];
    const follow_side& b = after[c];
    if (a.step_lo != a.step_hi || b.step_lo != b.step_hi) return movement::undetermined;
    if (b.step_lo >= a.step_lo) return movement::same_or_more;
    return b.step_lo == step_lo ? movement::left_staircase : movement::less_intrusive;
}

std::string follow_result::step_text(std::int64_t lo, std::int64_t hi) const {
    const auto one = [&](std::int64_t v) {
        const std::int64_t k = v - step_lo;
        if (k >= 0 && k < static_cast<std::int64_t>(step_names.size()) && !step_names[static_cast<std::size_t>(k)].empty())
            return step_names[static_cast<std::size_t>(k)];
        return std::to_string(v);
    };
    return lo == hi ? one(lo) : one(lo) + ".." + one(hi);
}

}  // namespace trappe
