// The renderings of a follow run: a text summary and the JSON document of the
// aggregated tables (counts under 5 as "<5", never a case id), and the
// per-citizen CSV (case ids, for the municipality's own follow-up).

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>

#include "common/text_escape.hpp"
#include "eval/json_value.hpp"
#include "trappe/analysis/follow.hpp"

namespace trappe {
namespace {

namespace json = boost::json;

// A suppressed count: "<5" when it is one, "x" when it is hidden to protect one.
const char* hidden_text(const follow_cell& c) { return c.count < follow_smallest_count ? "<5" : "x"; }

std::string cell_text(const follow_cell& c) {
    if (!c.applicable) return "-";
    return c.suppressed ? hidden_text(c) : std::to_string(c.count);
}

json::value cell_json(const follow_cell& c) {
    if (!c.applicable) return nullptr;
    if (c.suppressed) return hidden_text(c);
    return c.count;
}

// A share is shown only when its count and its denominator are.
std::optional<double> share(const follow_cell& part, const follow_cell& whole) {
    if (!part.applicable || part.suppressed || whole.suppressed || whole.count == 0) return std::nullopt;
    return static_cast<double>(part.count) / static_cast<double>(whole.count);
}

std::string percent(std::optional<double> s) {
    if (!s) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %%", *s * 100);
    return text;
}

json::value share_json(std::optional<double> s) {
    if (!s) return nullptr;
    return static_cast<double>(static_cast<std::int64_t>(*s * 1000 + 0.5)) / 1000;
}

// Boost.JSON writes 0.361 as 3.61E-1; shares are rewritten as people read them.
std::string plain_shares(const std::string& text) {
    static constexpr std::string_view key = "\"share\":";
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (std::size_t k = text.find(key); k != std::string::npos; k = text.find(key, at)) {
        const std::size_t start = k + key.size();
        std::size_t end = start;
        while (end < text.size() && text[end] != ',' && text[end] != '}') ++end;
        out.append(text, at, start - at);
        const std::string number = text.substr(start, end - start);
        if (number == "null") {
            out += number;
        } else {
            char plain[32];
            std::snprintf(plain, sizeof plain, "%.3f", std::strtod(number.c_str(), nullptr));
            std::string p = plain;
            while (p.size() > 1 && p.back() == '0') p.pop_back();
            if (p.back() == '.') p.pop_back();
            out += p;
        }
        at = end;
    }
    out.append(text, at, std::string::npos);
    return out;
}

json::value sum_json(const follow_cell& lo, std::int64_t hi) {
    if (lo.suppressed) return "x";
    if (static_cast<std::int64_t>(lo.count) == hi) return lo.count;
    return json::object{{"from", lo.count}, {"to", hi}};
}

std::string sum_text(const follow_cell& lo, std::int64_t hi) {
    if (lo.suppressed) return "x";
    if (static_cast<std::int64_t>(lo.count) == hi) return std::to_string(lo.count);
    return std::to_string(lo.count) + ".." + std::to_string(hi);
}

std::string pad(std::string s, std::size_t width) {
    // Width in characters, not bytes (step names are ASCII; "ø" in headings is not).
    std::size_t chars = 0;
    for (const unsigned char c : s) chars += (c & 0xC0) != 0x80 ? 1 : 0;
    if (chars < width) s.append(width - chars, ' ');
    return s;
}

json::object rules_json(const std::string& pack, const std::string& hash, const std::map<std::string, std::string>& parameters) {
    json::object p;
    for (const auto& [name, text] : parameters) {
        json::error_code ec;
        json::value v = json::parse(text, ec);
        p[name] = ec ? json::value(text) : v;
    }
    return json::object{{"pack", pack}, {"hash", hash}, {"parameters", std::move(p)}};
}

}  // namespace

std::string follow_text(const follow_result& r, const follow_tables& t) {
    std::string out;
    out += "Follow: " + r.pack + " (" + r.hash + ")\n";
    if (!r.previous.manifest) out += "previous decisions: no run manifest, their rules are unknown (--allow-unknown-pack)\n";
    else if (r.same_rules()) out += "previous decisions: the same rules\n";
    else
        out += "previous decisions: OTHER rules: " + r.previous.pack + " (" + r.previous.hash + ")" +
               (r.previous.hash == r.hash ? ", other parameters" : "") + "\n";
    out += "rows: " + std::to_string(r.previous_rows) + " previous (" + std::to_string(r.previous_errors.size()) +
           " not followed), " + std::to_string(r.current_rows) + " current (" + std::to_string(r.current_errors.size()) +
           " not followed)\n";
    out += "citizens: " + cell_text(t.both) + " in both, " + cell_text(t.left_caseload) + " left the caseload, " +
           cell_text(t.entered_caseload) + " entered it\n";
    out += "step: " + r.step_name + "; counts under 5 are shown as <5, counts hidden to protect them as x,\n"
           "and shares only where both counts are shown\n\n";
    out += "Transitions (" + r.step_name + " before: rows; after: columns)\n";
    // The rows' labels in a column as wide as the longest; each step's column as wide as its name.
    std::size_t width = 10;
    for (const std::string& l : t.from_labels) width = std::max(width, l.size() + 2);
    out += pad("", width);
    const auto column = [](const std::string& label) { return std::max<std::size_t>(label.size() + 2, 8); };
    for (const std::string& l : t.to_labels) out += pad(l, column(l));
    out += '\n';
    for (std::size_t i = 0; i < t.transitions.size(); ++i) {
        out += pad(t.from_labels[i], width);
        for (std::size_t j = 0; j < t.transitions[i].size(); ++j)
            out += pad(cell_text(t.transitions[i][j]), column(t.to_labels[j]));
        out += '\n';
    }
    out += "\nIndicators of the citizens in both (age at the current assessment; step before)\n";
    std::string head = pad("age", 13) + pad("step", width) + pad("citizens", 10) + pad("less intrusive", 16) +
                       pad("same or more", 16) + pad("left staircase", 16) + pad("undetermined", 16);
    if (!r.target_group.empty()) head += pad("entered target", 16) + pad("left target", 16);
    if (!r.contacts.empty()) head += pad("contacts saved before", 23) + "contacts saved now";
    out += head + '\n';
    for (const auto& row : t.indicators) {
        const auto show = [&](const follow_cell& c) {
            return pad(cell_text(c) + (c.suppressed || !c.applicable ? "" : " (" + percent(share(c, row.reassessed)) + ")"), 16);
        };
        std::string line = pad(row.age, 13) + pad(row.step, width) + pad(cell_text(row.reassessed), 10) +
                           show(row.less_intrusive) + show(row.same_or_more) + show(row.left_staircase) + show(row.undetermined);
        if (!r.target_group.empty()) line += pad(cell_text(row.entered_target), 16) + pad(cell_text(row.left_target), 16);
        if (!r.contacts.empty())
            line += pad(sum_text(row.contacts_before, row.contacts_before_hi), 23) + sum_text(row.contacts_after, row.contacts_after_hi);
        out += line + '\n';
    }
    if (!r.offers_not_followed.empty()) {
        out += "\noffers not followed (granted by more than a criterion the decisions record):";
        for (const std::string& o : r.offers_not_followed) out += " " + o;
        out += '\n';
    }
    return out;
}

std::string follow_json(const follow_result& r, const follow_tables& t) {
    json::object doc{{"schema", "trappe.follow/1"}};
    doc["rules"] = rules_json(r.pack, r.hash, r.parameters);
    json::object previous = r.previous.manifest ? rules_json(r.previous.pack, r.previous.hash, r.previous.parameters) : json::object{};
    previous["manifest"] = r.previous.manifest;
    previous["same_rules"] = r.same_rules();
    previous["rows"] = r.previous_rows;
    previous["rows_not_followed"] = r.previous_errors.size();
    doc["previous"] = std::move(previous);
    doc["current"] = json::object{{"rows", r.current_rows}, {"rows_not_followed", r.current_errors.size()}};
    json::array steps;
    for (std::int64_t v = r.step_lo; v <= r.step_hi; ++v) steps.push_back(json::object{{"value", v}, {"name", r.step_text(v, v)}});
    doc["step"] = json::object{{"name", r.step_name}, {"values", std::move(steps)}};
    doc["offers"] = json::value_from(r.offers);
    doc["offers_not_followed"] = json::value_from(r.offers_not_followed);
    doc["target_group"] = r.target_group.empty() ? json::value(nullptr) : json::value(r.target_group);
    doc["contacts"] = r.contacts.empty() ? json::value(nullptr) : json::value(r.contacts);
    doc["suppression"] = json::object{{"threshold", follow_smallest_count}, {"small", "<5"}, {"protecting", "x"}};
    doc["citizens"] = json::object{
        {"both", cell_json(t.both)}, {"left_caseload", cell_json(t.left_caseload)}, {"entered_caseload", cell_json(t.entered_caseload)}};
    json::array counts;
    for (std::size_t i = 0; i < t.transitions.size(); ++i) {
        json::array row;
        for (std::size_t j = 0; j < t.transitions[i].size(); ++j)
            row.push_back(cell_json(t.transitions[i][j]));
        counts.push_back(std::move(row));
    }
    doc["transitions"] = json::object{
        {"from", json::value_from(t.from_labels)}, {"to", json::value_from(t.to_labels)}, {"counts", std::move(counts)}};
    json::array indicators;
    for (const auto& row : t.indicators) {
        const auto indicator = [&](const follow_cell& c) {
            return json::object{{"count", cell_json(c)}, {"share", share_json(share(c, row.reassessed))}};
        };
        json::object o{{"age_group", row.age},
                       {"previous_step", row.step},
                       {"citizens", cell_json(row.reassessed)},
                       {"less_intrusive", indicator(row.less_intrusive)},
                       {"same_or_more_intrusive", indicator(row.same_or_more)},
                       {"left_staircase", indicator(row.left_staircase)},
                       {"undetermined", indicator(row.undetermined)}};
        if (!r.target_group.empty()) {
            o["entered_target_group"] = indicator(row.entered_target);
            o["left_target_group"] = indicator(row.left_target);
        }
        if (!r.contacts.empty()) {
            o["contacts_saved_before"] = sum_json(row.contacts_before, row.contacts_before_hi);
            o["contacts_saved_now"] = sum_json(row.contacts_after, row.contacts_after_hi);
        }
        indicators.push_back(std::move(o));
    }
    doc["indicators"] = std::move(indicators);
    return plain_shares(detail::write_json(doc));
}

void follow_citizens_csv(const follow_result& r, const std::function<void(std::string_view)>& write) {
    std::string header = "borger_id,previous_row,current_row,status,step_before,step_after,movement,offers_gained,offers_lost";
    if (!r.target_group.empty()) header += ",target_group_before,target_group_after";
    if (!r.contacts.empty()) header += ",contacts_saved_before,contacts_saved_after";
    header += ",first_entry\n";
    write(header);
    const auto range = [](std::int64_t lo, std::int64_t hi) {
        return lo == hi ? std::to_string(lo) : std::to_string(lo) + ".." + std::to_string(hi);
    };
    const auto offers = [&](std::uint32_t bits) {
        std::string out;
        for (std::size_t i = 0; i < r.offers.size(); ++i)
            if ((bits >> i) & 1u) out += (out.empty() ? "" : ";") + r.offers[i];
        return out;
    };
    const std::array<const char*, 4> movements{"less_intrusive", "same_or_more_intrusive", "left_staircase", "undetermined"};
    std::string line;
    for (std::size_t c = 0; c < r.citizens(); ++c) {
        const bool before = r.in_previous(c), after = r.in_current(c);
        const follow_side& a = r.before[c];
        const follow_side& b = r.after[c];
        line.clear();
        detail::append_csv_cell(line, r.id(c), {true});
        line += ',' + (before ? std::to_string(a.row) : "") + ',' + (after ? std::to_string(b.row) : "") + ',';
        line += before && after ? "both" : before ? "left_caseload" : "entered_caseload";
        line += ',' + (before ? r.step_text(a.step_lo, a.step_hi) : "") + ',' + (after ? r.step_text(b.step_lo, b.step_hi) : "") + ',';
        if (before && after) {
            line += movements[static_cast<std::size_t>(r.moved(c))];
            // Gained: surely granted now and surely not before; lost: the other way.
            line += ',' + offers(b.granted & ~(a.granted | a.open)) + ',' + offers(a.granted & ~(b.granted | b.open));
        } else {
            line += ",,";
        }
        if (!r.target_group.empty())
            line += ',' + (before ? range(a.target_lo, a.target_hi) : "") + ',' + (after ? range(b.target_lo, b.target_hi) : "");
        if (!r.contacts.empty())
            line += ',' + (before ? range(a.contacts_lo, a.contacts_hi) : "") + ',' + (after ? range(b.contacts_lo, b.contacts_hi) : "");
        line += ',';
        if (const auto e = r.first_entry.find(c); e != r.first_entry.end()) detail::append_csv_cell(line, e->second, {true});
        line += '\n';
        write(line);
    }
}

}  // namespace trappe
