// The only file that compiles Boost.Beast: sessions, the acceptor, signals and
// the thread pool. Requests are handed to an http_handler as plain structs.

#include "http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <csignal>
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
};

bool is_parse_error(const beast::error_code& ec) {
    return ec.category() == beast::error_code(http::error::bad_method).category() && ec != http::error::end_of_stream &&
           ec != http::error::partial_message;
}

// One connection: reads requests one after another (keep-alive), each under a
// deadline, and writes the handler's responses. Runs on its own strand.
class session : public std::enable_shared_from_this<session> {
public:
    session(tcp::socket&& socket, server_state& state) : stream_(std::move(socket)), state_(state) {}
    ~session() { state_.sessions.remove(this); }

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
        parser_->body_limit(state_.options.body_limit);
        parser_->header_limit(16 * 1024);
        // One deadline for the whole header: a client that sends nothing, or
        // trickles bytes, is cut off after the idle timeout.
        stream_.expires_after(state_.options.idle_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&session::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        // Beast checks a Content-Length against the limit as it reads the header.
        if (ec == http::error::body_limit) {
            busy_ = true;
            return refuse_too_large();
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
        stream_.expires_after(state_.options.request_timeout);
        if (beast::iequals(req[http::field::expect], "100-continue")) {
            // curl waits a second for this before it sends a larger body.
            auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, version_);
            http::async_write(stream_, *go_on, [self = shared_from_this(), go_on](beast::error_code e, std::size_t) {
                if (e) return self->close();
                self->read_body();
            });
            return;
        }
        read_body();
    }

    void read_body() {
        // Beast reads at most the buffer's free capacity at a time (512 bytes at
        // first): a large body would take a system call per half kilobyte.
        const auto length = parser_->content_length();
        if (!length || *length > 4096) buffer_.reserve(64 * 1024);
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_body, shared_from_this()));
    }

    void on_body(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) return refuse_too_large();
        if (ec) {
            if (is_parse_error(ec)) return refuse(400, "bad_request", "the request is not valid HTTP/1.1");
            return close();
        }
        serve();
    }

    void serve() {
        auto& req = parser_->get();
        http_request request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        request.authorization = std::string(req[http::field::authorization]);
        request.body = std::move(req.body());
        respond(state_.handler.handle(request));
    }

    void refuse_too_large() {
        refuse(413, "body_too_large",
               "the request body is larger than the limit of " + std::to_string(state_.options.body_limit) + " bytes");
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
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    server_state& state_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> res_;
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
    server_state state{options, handler, {}, {}};

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
