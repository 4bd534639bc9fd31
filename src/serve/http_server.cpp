// The only file that compiles Boost.Beast: sessions, the acceptor, signals and
// the thread pool. Requests are handed to an http_handler as plain structs.

#include "http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

namespace trappe::serve {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class session;

// The open connections, so that a drain can close the idle ones.
class session_registry {
public:
    void add(const std::shared_ptr<session>& s) {
        const std::lock_guard lock(mutex_);
        live_[s.get()] = s;
    }
    void remove(const session* s) {
        const std::lock_guard lock(mutex_);
        live_.erase(s);
    }
    [[nodiscard]] std::vector<std::shared_ptr<session>> all() {
        const std::lock_guard lock(mutex_);
        std::vector<std::shared_ptr<session>> out;
        for (auto& [_, weak] : live_)
            if (auto s = weak.lock()) out.push_back(std::move(s));
        return out;
    }

private:
    std::mutex mutex_;
    std::unordered_map<const session*, std::weak_ptr<session>> live_;
};

struct server_state {
    const server_options& options;
    http_handler& handler;
    session_registry sessions;
    std::atomic<bool> stopping{false};
    net::any_io_executor pool;  // the server's threads, for work off a connection's strand
    unsigned threads = 1;       // how many
};

bool is_parse_error(const beast::error_code& ec) {
    return ec.category() == beast::error_code(http::error::bad_method).category() && ec != http::error::end_of_stream &&
           ec != http::error::partial_message;
}

// One connection: reads requests one after another (keep-alive), each under a
// deadline, and writes the handler's responses. Runs on its own strand.
class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket&& socket, server_state& state)
        : stream_(std::move(socket)), state_(state), watchdog_(stream_.get_executor()), flush_(stream_.get_executor()) {}
    ~session() {
        // A stream cut short without a word (the server stopping) is still logged.
        if (batch_ && !batch_ended_) {
            std::string ignored;
            batch_->end(stream_end::client_gone, ignored);
        }
        state_.sessions.remove(this);
    }

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&session::read_header, shared_from_this()));
    }

    // A drain closes a connection that waits for its next request and has not
    // started sending one; a request in progress is finished first.
    void close_if_idle() {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_ && self->buffer_.size() == 0) self->close();
        });
    }

private:
    void read_header() {
        if (state_.stopping) return close();
        parser_.emplace();
        // The limit that applies is known once the header says where the body goes.
        parser_->body_limit(largest_limit());
        parser_->header_limit(16 * 1024);
        // One deadline for the whole header: a client that sends nothing, or
        // trickles bytes, is cut off after the idle timeout.
        stream_.expires_after(state_.options.idle_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&session::on_header, shared_from_this()));
    }

    [[nodiscard]] std::uint64_t largest_limit() const {
        return std::max<std::uint64_t>(state_.options.body_limit, state_.options.batch_limit);
    }

    void on_header(beast::error_code ec, std::size_t) {
        // Beast checks a Content-Length against the limit as it reads the header.
        if (ec == http::error::body_limit) {
            busy_ = true;
            return refuse_too_large(largest_limit());
        }
        if (ec) {
            if (is_parse_error(ec)) return refuse(400, "bad_request", "the request is not valid HTTP/1.1");
            return close();
        }
        busy_ = true;
        const auto& req = parser_->get();
        version_ = req.version();
        keep_alive_ = req.keep_alive();
        if (parser_->is_done()) return serve();
        // A body the handler takes as it arrives needs a chunked answer: HTTP/1.1.
        if (version_ == 11) batch_ = state_.handler.stream(request_of(req), work_pool());
        const std::uint64_t limit = batch_ ? state_.options.batch_limit : state_.options.body_limit;
        if (const auto length = parser_->content_length(); length && *length > limit) {
            batch_.reset();
            return refuse_too_large(limit);
        }
        parser_->body_limit(limit);
        stream_.expires_after(state_.options.request_timeout);
        const auto go_on = batch_ ? &session::start_stream : &session::read_body;
        if (beast::iequals(req[http::field::expect], "100-continue")) {
            // curl waits a second for this before it sends a larger body.
            auto continue_ = std::make_shared<http::response<http::empty_body>>(http::status::continue_, version_);
            http::async_write(stream_, *continue_,
                              [self = shared_from_this(), continue_, go_on](beast::error_code e, std::size_t) {
                                  if (e) return self->close();
                                  ((*self).*go_on)();
                              });
            return;
        }
        (this->*go_on)();
    }

    static http_request request_of(const http::request<http::string_body>& req) {
        http_request request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        request.authorization = std::string(req[http::field::authorization]);
        return request;
    }

    void read_body() {
        // Beast reads at most the buffer's free capacity at a time (512 bytes at
        // first): a large body would take a system call per half kilobyte.
        const auto length = parser_->content_length();
        if (!length || *length > 4096) buffer_.reserve(64 * 1024);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_body, shared_from_this()));
    }

    void on_body(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) return refuse_too_large(state_.options.body_limit);
        if (ec) {
            if (is_parse_error(ec)) return refuse(400, "bad_request", "the request is not valid HTTP/1.1");
            return close();
        }
        serve();
    }

    void serve() {
        auto& req = parser_->get();
        http_request request = request_of(req);
        request.body = std::move(req.body());
        respond(state_.handler.handle(request));
    }

    void refuse_too_large(std::uint64_t limit) {
        refuse(413, "body_too_large", "the request body is larger than the limit of " + std::to_string(limit) + " bytes");
    }

    // ---- A streamed body (the batch endpoint) ----------------------------------
    // Reading, evaluating and writing go on at once: a piece of the body is read
    // while earlier parts are evaluated on the server's threads and the answers
    // to those before are written, as chunks of one response. Reading waits while
    // more than batch_backlog of answers is unsent (so a client that does not read
    // holds the server's memory to that) or while the stream has enough parts
    // under way; the watchdog cuts off a connection on which less than
    // stream_min_progress moved in a request timeout.

    void start_stream() {
        ++streams_;
        body_parser_.emplace(std::move(*parser_));
        body_parser_->body_limit(state_.options.batch_limit);
        parser_.reset();
        piece_.resize(64 * 1024);
        buffer_.reserve(64 * 1024);
        stream_.expires_never();
        arm_watchdog();
        const http_response h = batch_->head();
        head_.emplace();
        head_->version(version_);
        head_->result(h.status);
        head_->set(http::field::server, "trappe");
        head_->set(http::field::content_type, h.content_type);
        for (const auto& [name, value] : h.headers) head_->set(name, value);
        head_->keep_alive(keep_alive_ && !state_.stopping);
        head_->chunked(true);
        head_writer_.emplace(*head_);
        pump_write();
        pump_read();
    }

    // Work of the stream (evaluating a part of the body) runs on any of the
    // server's threads; the connection collects its output on its own strand.
    trappe::serve::work_pool work_pool() {
        auto run = [weak = weak_from_this(), pool = state_.pool, strand = stream_.get_executor()](std::function<void()> work) {
            auto self = weak.lock();
            if (!self) return work();  // cannot happen: the stream runs inside the session's calls
            net::post(pool, [self = std::move(self), strand, work = std::move(work)] {
                work();
                net::post(strand, [self] { self->on_work_done(); });
            });
        };
        return {std::move(run), state_.threads};
    }

    void on_work_done() {
        // Late news of a stream that has finished (the next request may be
        // waiting for its body to start) is nothing to act on.
        if (!batch_ || !body_parser_) return;
        std::string out;
        batch_->collect(out);
        if (!quiet_) send_chunk(std::move(out));
        if (!batch_ended_ && batch_->done()) return end_stream(stream_end::stopped);  // it stopped on its own
        if (batch_ended_) return send_end();
        pump_read();
    }

    void pump_read() {
        if (reading_ || batch_ended_ || backlog_ >= state_.options.batch_backlog || !batch_->wants_more()) return;
        reading_ = true;
        auto& body = body_parser_->get().body();
        body.data = piece_.data();
        body.size = piece_.size();
        http::async_read_some(stream_, buffer_, *body_parser_, beast::bind_front_handler(&session::on_piece, shared_from_this()));
    }

    void on_piece(beast::error_code ec, std::size_t) {
        reading_ = false;
        if (batch_ended_) return finish_stream();
        const std::size_t n = piece_.size() - body_parser_->get().body().size;
        progress_ += n;
        if (ec == http::error::need_buffer) ec = {};
        if (ec == http::error::body_limit) return end_stream(stream_end::too_large);
        if (ec) return end_stream(is_parse_error(ec) ? stream_end::bad_body : stream_end::client_gone);
        if (n > 0) {
            // Whole lines gather into parts while the body keeps coming; the
            // stream hands each part to the server's threads (work_pool()).
            std::string out;
            const bool go_on = batch_->feed(std::string_view(piece_.data(), n), true, out);
            send_chunk(std::move(out));
            if (!go_on) return end_stream(stream_end::stopped);
        }
        if (body_parser_->is_done()) return end_stream(stream_end::complete);
        if (n > 0) arm_flush();
        pump_read();
    }

    // The client may wait for answers before it sends more, or send slowly: what
    // has come is answered when nothing more comes for 2 ms, and at the latest
    // 20 ms after the first of it came.
    void arm_flush() {
        const auto now = std::chrono::steady_clock::now();
        if (!flush_armed_) {
            flush_armed_ = true;
            gathering_since_ = now;
        }
        flush_.expires_at(std::min(now + std::chrono::milliseconds(2), gathering_since_ + std::chrono::milliseconds(20)));
        flush_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec) return;  // moved (a newer wait is pending) or cancelled
            self->flush_armed_ = false;
            if (!self->batch_ || self->batch_ended_) return;
            std::string out;
            const bool go_on = self->batch_->feed({}, false, out);
            self->send_chunk(std::move(out));
            if (!go_on) self->end_stream(stream_end::stopped);
        });
    }

    void end_stream(stream_end how) {
        if (batch_ended_) return;
        batch_ended_ = true;
        body_complete_ = how == stream_end::complete;
        std::string out;
        batch_->end(how, out);
        if (how == stream_end::timed_out || how == stream_end::client_gone) {
            quiet_ = true;  // work under way still finishes, and the exchange is logged then
            return close();
        }
        send_chunk(std::move(out));
        send_end();
    }

    // Once the stream is done: the last chunk, size 0, then the trailer fields.
    void send_end() {
        if (quiet_ || end_queued_ || !batch_->done()) return;
        end_queued_ = true;
        std::string last = "0\r\n";
        for (const auto& [name, value] : batch_->trailers()) last += name + ": " + value + "\r\n";
        last += "\r\n";
        outbox_.push_back({std::move(last), "", true});
        pump_write();
    }

    // A chunk of the response: its size in hex, the data, a line break.
    void send_chunk(std::string data) {
        if (data.empty()) return;
        char size[24];
        const int length = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
        backlog_ += data.size();
        outbox_.push_back({std::string(size, static_cast<std::size_t>(length)), std::move(data), false});
        pump_write();
    }

    void pump_write() {
        if (writing_ || (head_sent_ && outbox_.empty())) return;
        writing_ = true;
        if (!head_sent_) {
            http::async_write_header(stream_, *head_writer_, beast::bind_front_handler(&session::on_written, shared_from_this()));
            return;
        }
        const out_piece& next = outbox_.front();
        const std::array<net::const_buffer, 3> buffers{net::buffer(next.prefix), net::buffer(next.data),
                                                       net::buffer(next.last ? "" : "\r\n", next.last ? 0 : 2)};
        net::async_write(stream_, buffers, beast::bind_front_handler(&session::on_written, shared_from_this()));
    }

    void on_written(beast::error_code ec, std::size_t n) {
        writing_ = false;
        if (ec) {
            if (!batch_ended_) return end_stream(stream_end::client_gone);
            quiet_ = true;
            return close();
        }
        progress_ += n;
        bool last = false;
        if (head_sent_) {
            last = outbox_.front().last;
            backlog_ -= outbox_.front().data.size();
            outbox_.pop_front();
        }
        head_sent_ = true;
        if (last) {
            last_written_ = true;
            return finish_stream();
        }
        pump_write();
        pump_read();
    }

    // The last chunk is out, and no read is under way (one may be, when the batch
    // stopped before its body ended): the next request, if the whole body was read.
    void finish_stream() {
        if (!last_written_ || reading_) return;
        watchdog_.cancel();
        flush_.cancel();
        const bool complete = body_complete_, again = complete && head_->keep_alive() && !state_.stopping;
        batch_.reset();
        head_writer_.reset();
        head_.reset();
        body_parser_.reset();
        outbox_.clear();
        backlog_ = 0;
        piece_ = {};
        head_sent_ = batch_ended_ = body_complete_ = last_written_ = flush_armed_ = quiet_ = end_queued_ = false;
        busy_ = false;
        if (!again) {
            // The body may still be coming (it passed the limit): let the client read the answer first.
            if (!complete) return linger();
            return close();
        }
        read_header();
    }

    void arm_watchdog() {
        progress_ = 0;
        watchdog_.expires_after(state_.options.request_timeout);
        // A wait that had fired as its stream ended must not judge the next stream.
        watchdog_.async_wait([self = shared_from_this(), of = streams_](beast::error_code ec) {
            if (ec || !self->batch_ || of != self->streams_) return;
            if (self->progress_ >= server_options::stream_min_progress) return self->arm_watchdog();
            if (!self->batch_ended_) return self->end_stream(stream_end::timed_out);
            self->quiet_ = true;
            self->close();  // ended, but the client does not read the end
        });
    }

    // The rest of the request is not read: answer and close the connection.
    void refuse(unsigned status, const std::string& code, const std::string& message) {
        keep_alive_ = false;
        linger_ = true;
        respond(state_.handler.refuse(status, code, message));
    }

    void respond(http_response r) {
        res_ = {};
        res_.version(version_);
        res_.result(r.status);
        res_.set(http::field::server, "trappe");
        res_.set(http::field::content_type, r.content_type);
        for (const auto& [name, value] : r.headers) res_.set(name, value);
        res_.body() = std::move(r.body);
        res_.keep_alive(keep_alive_ && !state_.stopping);
        res_.prepare_payload();
        stream_.expires_after(state_.options.request_timeout);
        http::async_write(stream_, res_, beast::bind_front_handler(&session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        busy_ = false;
        if (ec) return close();
        if (linger_) return linger();
        if (!res_.keep_alive()) return close();
        if (buffer_.size() == 0 && buffer_.capacity() > 16 * 1024) buffer_.shrink_to_fit();  // idle connections stay small
        read_header();
    }

    // After a refusal the client may still be sending its body; closing with
    // unread data would reset the connection before it reads the answer. So stop
    // sending and discard what arrives until it closes or the deadline passes.
    void linger() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(state_.options.request_timeout);
        discard();
    }
    void discard() {
        stream_.async_read_some(net::buffer(sink_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->discard();
        });
    }

    void close() {
        watchdog_.cancel();
        flush_.cancel();
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    server_state& state_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> res_;
    // A streamed body and its answer.
    struct out_piece {
        std::string prefix, data;
        bool last = false;
    };
    net::steady_timer watchdog_, flush_;
    std::unique_ptr<body_stream> batch_;
    std::optional<http::request_parser<http::buffer_body>> body_parser_;
    std::optional<http::response<http::empty_body>> head_;
    std::optional<http::response_serializer<http::empty_body>> head_writer_;
    std::deque<out_piece> outbox_;
    std::vector<char> piece_;
    std::size_t backlog_ = 0, progress_ = 0;
    std::uint64_t streams_ = 0;  // streams begun on this connection
    bool reading_ = false, writing_ = false, head_sent_ = false, batch_ended_ = false, body_complete_ = false,
         last_written_ = false, flush_armed_ = false, quiet_ = false, end_queued_ = false;
    std::chrono::steady_clock::time_point gathering_since_;
    unsigned version_ = 11;
    bool keep_alive_ = true;
    bool busy_ = false;
    bool linger_ = false;
    char sink_[16 * 1024] = {};
};

class listener : public std::enable_shared_from_this<listener> {
public:
    listener(net::io_context& ioc, server_state& state, const tcp::endpoint& at)
        : ioc_(ioc), acceptor_(net::make_strand(ioc)), state_(state) {
        acceptor_.open(at.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(at);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }

    [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

    void accept() {
        acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
    }

    void stop() {
        net::post(acceptor_.get_executor(), [self = shared_from_this()] {
            beast::error_code ignored;
            self->acceptor_.close(ignored);
        });
    }

private:
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (!acceptor_.is_open() || state_.stopping) return;
        if (!ec) {
            socket.set_option(tcp::no_delay(true), ec);
            auto s = std::make_shared<session>(std::move(socket), state_);
            state_.sessions.add(s);
            s->start();
        }
        accept();
    }

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    server_state& state_;
};

}  // namespace

void run_server(const server_options& options, http_handler& handler, const std::function<void()>& reload,
                const on_listening& listening) {
    const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    net::io_context ioc(static_cast<int>(threads));
    server_state state{options, handler, {}, {}, ioc.get_executor(), threads};

    beast::error_code ec;
    const auto address = net::ip::make_address(options.address, ec);
    if (ec) throw std::runtime_error("'" + options.address + "' is not an IP address");
    std::shared_ptr<listener> accepting;
    try {
        accepting = std::make_shared<listener>(ioc, state, tcp::endpoint(address, options.port));
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + options.address + " port " + std::to_string(options.port) + ": " +
                                 e.code().message());
    }
    accepting->accept();
    listening(options.address, accepting->port());

    net::signal_set signals(ioc, SIGINT, SIGTERM, SIGHUP);
    std::function<void(const beast::error_code&, int)> on_signal = [&](const beast::error_code& e, int signal) {
        if (e) return;
        if (signal == SIGHUP) {
            reload();
            signals.async_wait(on_signal);
            return;
        }
        // Drain: no new connections, idle ones closed, requests in progress
        // finished (their responses say Connection: close). A second signal
        // takes the default action, since the set no longer holds it.
        state.stopping = true;
        beast::error_code ignored;
        signals.clear(ignored);
        accepting->stop();
        for (const auto& s : state.sessions.all()) s->close_if_idle();
    };
    signals.async_wait(on_signal);

    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (std::thread& t : pool) t.join();
}

}  // namespace trappe::serve
