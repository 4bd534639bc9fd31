// trappe follow: a caseload from one assessment to the next. The previous
// decisions (of `trappe batch`) against the current profiles evaluated with the
// pack; a text summary or JSON on stdout, per-citizen rows and an HTML report
// on request (docs/analysis.md, "Follow").

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "interrupt.hpp"
#include "options.hpp"
#include "output_file.hpp"
#include "parameter_settings.hpp"
#include "trappe/analysis/follow.hpp"

extern char** environ;

namespace trappe::cli {
namespace {

const command_spec spec{
    "follow",
    "usage: trappe follow <rules> --previous DECISIONS --current PROFILES [--previous-manifest FILE]\n"
    "                     [--allow-unknown-pack] [--json] [--citizens FILE] [--html FILE]\n"
    "                     [--set NAME=VALUE]... [--threads N]\n"
    "\n"
    "Follows a caseload from one assessment to the next: the decisions of an earlier\n"
    "`trappe batch` against the current profiles, evaluated with the rules. Per citizen (by\n"
    "borger_id) the step before and after and the offers gained and lost; indicators by age\n"
    "group and previous step: moving to a less intrusive step, to the same or a more intrusive\n"
    "one, leaving the staircase, and for a pack with a target group, entering and leaving it\n"
    "and the contacts saved. Counts under 5 are shown as <5 (docs/analysis.md, \"Follow\").\n"
    "  --previous FILE           decisions of trappe batch: JSON lines (the run manifest first) or CSV\n"
    "  --previous-manifest FILE  the run manifest of CSV decisions (batch --manifest)\n"
    "  --current FILE            the current profiles: CSV or JSON lines\n"
    "  --allow-unknown-pack      follow decisions that carry no run manifest (their rules unknown)\n"
    "  --json                    the summary as JSON (schema trappe.follow/1) instead of text\n"
    "  --citizens FILE           one CSV row per citizen, with the first trace entry of each move\n"
    "                            (this file holds case ids; the summary never does)\n"
    "  --html FILE               a self-contained HTML report with figures (needs python3 with\n"
    "                            matplotlib; TRAPPE_PYTHON names the interpreter)\n"
    "  --threads N               threads (default: all cores)\n" +
        set_usage(27) +
        "Bad rows and case ids given twice are reported by row and field on stderr and left out;\n"
        "the others are followed. Exit 0 when every row was followed, 1 for rule errors or rows\n"
        "left out, 2 for wrong usage or an I/O failure.\n",
    {"--allow-unknown-pack", "--json"},
    {"--previous", "--previous-manifest", "--current", "--citizens", "--html", "--threads"},
    1,
    1,
    {"--set"}};

// The report script shipped with the Python package; the interpreter that runs it.
std::string report_script() {
    if (const char* s = std::getenv("TRAPPE_REPORT_SCRIPT"); s != nullptr && *s != '\0') return s;
    return TRAPPE_REPORT_SCRIPT;
}

std::string python() {
    if (const char* s = std::getenv("TRAPPE_PYTHON"); s != nullptr && *s != '\0') return s;
    return TRAPPE_REPORT_PYTHON;
}

// Runs `python report.py summary.json out.html` without a shell; throws naming what failed.
void write_html(const std::string& summary, const std::string& out) {
    char json_path[] = "/tmp/trappe-follow-XXXXXX.json";
    const int fd = ::mkstemps(json_path, 5);
    if (fd < 0) throw std::runtime_error(std::string("--html: cannot make a temporary file: ") + std::strerror(errno));
    const bool written = ::write(fd, summary.data(), summary.size()) == static_cast<ssize_t>(summary.size());
    ::close(fd);
    if (!written) {
        ::unlink(json_path);
        throw std::runtime_error("--html: cannot write the temporary summary");
    }
    const std::string interpreter = python(), script = report_script();
    std::vector<std::string> args{interpreter, script, json_path, out};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t child = 0;
    const int spawned = ::posix_spawnp(&child, interpreter.c_str(), nullptr, nullptr, argv.data(), environ);
    int status = 0;
    if (spawned == 0)
        while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
    ::unlink(json_path);
    if (spawned != 0) throw std::runtime_error("--html: cannot run " + interpreter + ": " + std::strerror(spawned));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("--html: the report script " + script + " failed (see above)");
}

}  // namespace

int follow_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    follow_options o;
    o.previous = parsed.value("--previous").value_or("");
    o.previous_manifest = parsed.value("--previous-manifest").value_or("");
    o.current = parsed.value("--current").value_or("");
    o.allow_unknown_pack = parsed.has("--allow-unknown-pack");
    if (const auto v = parsed.value("--threads")) o.threads = static_cast<unsigned>(parse_count(*v, "--threads"));
    const std::string citizens = parsed.value("--citizens").value_or("");
    const std::string html = parsed.value("--html").value_or("");
    if (o.previous.empty() || o.current.empty()) throw usage_error("--previous and --current are needed", spec.usage);
    o.explain_moves = !citizens.empty();
    const auto plan = load_plan(parsed.positional[0], parsed, spec);
    if (!plan) return 1;
    catch_interrupts();
    o.between_parts = [] {
        if (const int s = interrupt_signal(); s != 0) throw std::runtime_error("interrupted by SIG" + std::string(sigabbrev_np(s)));
    };
    const follow_result r = follow_caseload(*plan, o);
    for (const input_error& e : r.previous_errors) std::cerr << "trappe follow: previous decisions: " << e.describe() << '\n';
    for (const input_error& e : r.current_errors) std::cerr << "trappe follow: current profiles: " << e.describe() << '\n';
    const follow_tables tables = follow_aggregate(r);
    const std::string summary = follow_json(r, tables);
    if (!citizens.empty()) {
        output_file out(citizens);
        follow_citizens_csv(r, [&](std::string_view text) { out.write(text); });
        out.commit();
    }
    if (!html.empty()) write_html(summary, html);
    std::cout << (parsed.has("--json") ? summary + "\n" : follow_text(r, tables));
    if (!r.same_rules())
        std::cerr << "trappe follow: the previous decisions were made with "
                  << (r.previous.manifest ? "other rules (" + r.previous.pack + ", " + r.previous.hash + ")" : "unknown rules")
                  << "; the moves include the change of rules\n";
    return r.previous_errors.empty() && r.current_errors.empty() ? 0 : 1;
}

}  // namespace trappe::cli
