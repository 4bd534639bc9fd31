// Routing, authentication, access log and metrics; see service.hpp.

#include "service.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <variant>

#include "batch_stream.hpp"
#include "endpoints.hpp"
#include "request_options.hpp"
#include "responses.hpp"
#include "target.hpp"
#include "token.hpp"

namespace trappe::serve {
namespace {

double now_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Only methods from the standard are logged; anything else a client sends is "-".
std::string known_method(const std::string& m) {
    for (const char* known : {"GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"})
        if (m == known) return m;
    return "-";
}

http_response method_not_allowed(const char* allow) {
    http_response r = error_response(405, "method_not_allowed", std::string("this endpoint takes ") + allow);
    r.headers.emplace_back("Allow", allow);
    return r;
}

http_response json_body(std::string body) {
    http_response r;
    r.body = std::move(body);
    return r;
}

// A batch answered as its body arrives. It holds the pack snapshot and the plan
// it started with, so a reload meanwhile does not change them; the request is
// logged and counted when it ends.
class batch_exchange final : public body_stream {
public:
    batch_exchange(access_log& log, metrics& counters, exchange_record record, std::shared_ptr<const pack_set> packs,
                   std::shared_ptr<const plan> compiled, const pack& pk, work_pool pool)
        : log_(log), metrics_(counters), record_(std::move(record)), started_(now_seconds()), packs_(std::move(packs)),
          compiled_(std::move(compiled)), hash_(pk.hash), batch_(*compiled_, pk.name, pk.hash, std::move(pool)) {}

    http_response head() override {
        http_response r = pack_response("", hash_, "application/x-ndjson");
        r.headers.emplace_back("X-Request-Id", record_.id);
        r.headers.emplace_back("Trailer", batch_count_names);
        return r;
    }

    bool feed(std::string_view piece, bool more_waiting, std::string& out) override {
        return guarded([&] { return batch_.feed(piece, more_waiting, out); }, out);
    }

    void collect(std::string& out) override {
        guarded([&] { return (batch_.collect(out), true); }, out);
    }

    bool wants_more() const override { return batch_.wants_more(); }

    void end(stream_end how, std::string& out) override {
        how_ = how;
        ended_ = true;
        guarded([&] {
            switch (how) {
                case stream_end::complete: batch_.finish(out); break;
                case stream_end::too_large:
                    batch_.cut("body_too_large", "the request body passed the limit for batch bodies (--batch-limit)", out);
                    break;
                case stream_end::bad_body: batch_.cut("bad_request", "the body's chunked encoding is not valid HTTP/1.1", out); break;
                case stream_end::stopped: break;  // feed() has said why
                case stream_end::timed_out: batch_.cut("timed_out", "", out, false); break;
                case stream_end::client_gone: batch_.cut("client_gone", "", out, false); break;
            }
            return true;
        }, out);
    }

    bool done() const override { return batch_.done(); }

    header_list trailers() const override { return batch_counts(batch_); }

private:
    // Runs `f` on the batch; what it throws ends the batch as "internal" (the
    // message is not passed on: it could come from anywhere below). The
    // exchange is logged and counted once it has ended and the batch is done.
    template <class F> bool guarded(F&& f, std::string& out) {
        bool go_on = false;
        try {
            go_on = f();
        } catch (const std::exception&) {
            batch_.abandon(out);
        }
        if (ended_ && batch_.done() && !logged_) log_exchange();
        return go_on;
    }

    void log_exchange() {
        logged_ = true;
        record_.rows = batch_.rows();
        record_.failed_rows = batch_.failed();
        // The 200 went out with the head; the log says how the exchange really ended
        // (408: the client stopped sending or reading; 499: it went away, as nginx logs it).
        record_.status = how_ == stream_end::timed_out ? 408 : how_ == stream_end::client_gone ? 499 : 200;
        record_.seconds = now_seconds() - started_;
        log_.write(record_);
        metrics_.record(record_);
    }

    access_log& log_;
    metrics& metrics_;
    exchange_record record_;
    double started_;
    std::shared_ptr<const pack_set> packs_;
    std::shared_ptr<const plan> compiled_;
    std::string hash_;
    batch_stream batch_;
    stream_end how_ = stream_end::complete;
    bool ended_ = false, logged_ = false;
};

}  // namespace

service::service(pack_registry& packs, access_log& log, std::string token)
    : packs_(packs), log_(log), token_(std::move(token)) {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%08x", static_cast<unsigned>(std::random_device{}()));
    id_prefix_ = prefix;
}

std::string service::next_id() { return id_prefix_ + '-' + std::to_string(++requests_); }

void service::reload() {
    std::string report;
    const bool ok = packs_.load(report);
    metrics_.reloaded(ok);
    // Diagnostics quote rule text only, never a profile.
    std::cerr << report << "trappe serve: reload " << (ok ? "done" : "failed; the packs in service stay") << '\n';
}

http_response service::handle(http_request& request) {
    const double started = now_seconds();
    exchange_record record;
    record.id = next_id();
    record.method = known_method(request.method);
    http_response response;
    try {
        response = route(request, record);
    } catch (const std::exception&) {
        // The message is not passed on: it could come from anywhere below.
        response = error_response(500, "internal", "the request could not be served");
    }
    return finish(std::move(response), record, started);
}

std::unique_ptr<body_stream> service::stream(const http_request& request, work_pool pool) {
    try {
        if (request.method != "POST") return nullptr;
        const parsed_target target = parse_target(request.target);
        const auto& s = target.segments;
        if (!target.ok || s.size() != 4 || s[0] != "v1" || s[1] != "packs" || s[3] != "batch") return nullptr;
        if (!token_.empty() && !bearer_matches(request.authorization, token_)) return nullptr;
        std::shared_ptr<const pack_set> packs = packs_.current();
        const pack* pk = packs->find(s[2]);
        if (pk == nullptr) return nullptr;
        auto options = read_options(*pk, target, {"param"});
        auto* ok = std::get_if<request_options>(&options);
        if (ok == nullptr) return nullptr;  // handle() gives the same error
        exchange_record record;
        record.id = next_id();
        record.method = "POST";
        record.endpoint = "batch";
        record.pack = pk->name;
        return std::make_unique<batch_exchange>(log_, metrics_, std::move(record), std::move(packs), ok->compiled, *pk,
                                                std::move(pool));
    } catch (const std::exception&) {
        return nullptr;  // handle() answers, with a 500 if it fails again
    }
}

http_response service::refuse(unsigned status, const std::string& code, const std::string& message) {
    exchange_record record;
    record.id = next_id();
    return finish(error_response(status, code, message), record, now_seconds());
}

http_response service::finish(http_response response, exchange_record& record, double started) {
    record.status = response.status;
    record.seconds = now_seconds() - started;
    response.headers.emplace_back("X-Request-Id", record.id);
    log_.write(record);
    metrics_.record(record);
    return response;
}

http_response service::route(http_request& request, exchange_record& record) {
    const parsed_target target = parse_target(request.target);
    const auto& s = target.segments;
    const bool get = request.method == "GET", post = request.method == "POST";
    if (s.size() == 1 && s[0] == "healthz") {
        record.endpoint = "healthz";
        if (!get) return method_not_allowed("GET");
        return json_body(R"({"status":"ok","packs":)" + std::to_string(packs_.current()->packs.size()) + "}");
    }
    if (!token_.empty() && !bearer_matches(request.authorization, token_)) {
        http_response r = error_response(401, "unauthorized", "a bearer token is required (Authorization: Bearer ...)");
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
    }
    if (!target.ok) return error_response(400, "bad_target", "the URL holds a bad percent escape");
    if (s.size() == 1 && s[0] == "metrics") {
        record.endpoint = "metrics";
        if (!get) return method_not_allowed("GET");
        http_response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics_.render(packs_.current()->packs.size());
        return r;
    }
    if (s.size() == 1 && s[0] == "openapi.json") {
        record.endpoint = "openapi";
        if (!get) return method_not_allowed("GET");
        return json_body(openapi_document());
    }
    if (s.size() < 2 || s[0] != "v1" || s[1] != "packs" || s.size() > 4)
        return error_response(404, "not_found", "no such endpoint; see /openapi.json");
    // The snapshot is held to the end of the request: a reload does not change it.
    const std::shared_ptr<const pack_set> packs = packs_.current();
    if (s.size() == 2) {
        record.endpoint = "packs";
        if (!get) return method_not_allowed("GET");
        return packs_endpoint(*packs);
    }
    const pack* pk = packs->find(s[2]);
    if (pk == nullptr) return error_response(404, "unknown_pack", "no pack of that name is loaded; see /v1/packs");
    record.pack = pk->name;
    const pack_call call{*pk, target, request, record};
    const std::string what = s.size() == 4 ? s[3] : "";
    if (what == "schema") {
        record.endpoint = "schema";
        return get ? schema_endpoint(call) : method_not_allowed("GET");
    }
    if (what == "evaluate" || what == "explain" || what == "batch") {
        record.endpoint = what;
        if (!post) return method_not_allowed("POST");
        return what == "evaluate" ? evaluate_endpoint(call) : what == "explain" ? explain_endpoint(call) : batch_endpoint(call);
    }
    return error_response(404, "not_found", "no such endpoint; see /openapi.json");
}

}  // namespace trappe::serve
