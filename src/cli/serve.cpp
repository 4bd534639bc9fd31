// trappe serve: the rule packs over HTTP/JSON (src/serve/). Parses the options,
// loads the packs, enforces the token beyond loopback, and runs the server.

#include <malloc.h>

#include <charconv>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "serve/http_server.hpp"
#include "serve/service.hpp"
#include "serve/token.hpp"

namespace trappe::cli {
namespace {

constexpr const char* usage =
    "usage: trappe serve <rules>... [--host ADDR] [--port N] [--threads N] [--body-limit BYTES]\n"
    "                    [--batch-limit BYTES] [--batch-backlog BYTES] [--idle-timeout S]\n"
    "                    [--request-timeout S] [--token-file FILE] [--access-log FILE]\n"
    "  --host ADDR          address to listen on (default 127.0.0.1; any other needs --token-file)\n"
    "  --port N             port (default 8080; 0 picks a free one, announced on stderr)\n"
    "  --threads N          threads serving requests (default: one per core)\n"
    "  --body-limit BYTES   larger request bodies get 413 (default 67108864); a batch streams instead\n"
    "  --batch-limit BYTES  the largest batch body (default 17179869184): 413, or the stream ends there\n"
    "  --batch-backlog BYTES  batch answers held for a client that does not read them; reading waits\n"
    "                       beyond (default 33554432)\n"
    "  --idle-timeout S     close a connection that sends no request header for S seconds (default 10)\n"
    "  --request-timeout S  close a connection whose body or response takes longer (default 60); a batch\n"
    "                       is closed when less than 64 KiB moves in that time\n"
    "  --token-file FILE    require 'Authorization: Bearer <token>' with the token in FILE\n"
    "  --access-log FILE    one line per request (default: stderr; '-' stderr, 'off' none)\n"
    "  SIGHUP reloads the packs; SIGTERM drains and stops.\n"
    "Exit 0 when stopped by SIGTERM or SIGINT after draining, 1 when a pack does not load, 2 for wrong\n"
    "usage (an unknown option, a bad value, another address than loopback without --token-file).\n";

std::chrono::milliseconds parse_timeout(const std::string& value, const std::string& option) {
    double seconds = -1;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size() || !(seconds > 0))
        throw std::invalid_argument(option + " needs a positive number of seconds");
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

bool is_loopback(const std::string& address) { return address.rfind("127.", 0) == 0 || address == "::1"; }

}  // namespace

const command_spec spec{"serve",
                        usage,
                        {},
                        {"--host", "--port", "--threads", "--body-limit", "--batch-limit", "--batch-backlog", "--idle-timeout", "--request-timeout",
                         "--token-file", "--access-log"},
                        1,
                        unbounded,
                        {}};

int serve_command(const arguments& args) {
    const command_line parsed = parse_command_line(spec, args);
    if (parsed.help) return print_help(spec);
    serve::server_options o;
    const std::vector<std::string>& paths = parsed.positional;
    if (const auto v = parsed.value("--host")) o.address = *v;
    if (const auto v = parsed.value("--port")) {
        const auto port = parse_count(*v, "--port");
        if (port > 65535) throw std::invalid_argument("--port needs a number up to 65535");
        o.port = static_cast<std::uint16_t>(port);
    }
    if (const auto v = parsed.value("--threads")) o.threads = static_cast<unsigned>(parse_count(*v, "--threads"));
    if (const auto v = parsed.value("--body-limit")) o.body_limit = parse_count(*v, "--body-limit");
    if (const auto v = parsed.value("--batch-limit")) o.batch_limit = parse_count(*v, "--batch-limit");
    if (const auto v = parsed.value("--batch-backlog")) o.batch_backlog = parse_count(*v, "--batch-backlog");
    if (const auto v = parsed.value("--idle-timeout")) o.idle_timeout = parse_timeout(*v, "--idle-timeout");
    if (const auto v = parsed.value("--request-timeout")) o.request_timeout = parse_timeout(*v, "--request-timeout");
    const std::string token_file = parsed.value("--token-file").value_or("");
    const std::string log_path = parsed.value("--access-log").value_or("-");
    if (!is_loopback(o.address) && token_file.empty()) {
        std::cerr << "trappe serve: listening on " << o.address
                  << " needs --token-file (only loopback addresses are served without a token; TLS belongs in a reverse proxy)\n";
        return 2;
    }
    const std::string token = token_file.empty() ? "" : serve::read_token_file(token_file);

    std::FILE* log_file = log_path == "-" ? stderr : log_path == "off" ? nullptr : std::fopen(log_path.c_str(), "a");
    if (log_path != "-" && log_path != "off" && log_file == nullptr) {
        std::cerr << "trappe serve: cannot open the access log " << log_path << '\n';
        return 2;
    }
    // Batch bodies and responses are megabytes: keep freed memory for the next
    // request instead of mapping and zeroing fresh pages each time.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    serve::pack_registry packs(paths);
    std::string report;
    const bool loaded = packs.load(report);
    std::cerr << report;
    if (!loaded) return 1;

    serve::access_log log(log_file);
    serve::service service(packs, log, token);
    serve::run_server(o, service, [&service] { service.reload(); },
                      [&](const std::string& address, std::uint16_t port) {
                          const std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
                          std::cerr << "trappe serve: listening on http://" << host << ':' << port << " ("
                                    << packs.current()->packs.size() << " packs)" << std::endl;
                      });
    std::cerr << "trappe serve: stopped\n";
    if (log_file != nullptr && log_file != stderr) std::fclose(log_file);
    return 0;
}

}  // namespace trappe::cli
