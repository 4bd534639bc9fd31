// A lean streaming HTTP/1.1 client for the batch benchmark (bench/service/stream.sh):
// sends a file held in memory as one POST body with its Content-Length, reads
// the answer while it sends, and prints how long the exchange took. It does no
// more than a client of the service must, so on a shared 2-core machine it
// leaves the server the CPU that curl (which reads the file and writes the
// answer to disk as it goes) would take.
//
//   trappe_stream_client PORT TARGET BODY_FILE [ANSWER_FILE]
//
// Prints one line: "RESULT rows=N seconds=S rows_per_s=R sent=B received=B complete=yes|no",
// rows being the body's lines. complete: the answer ended with a batch summary saying so.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

int fail(const char* what) {
    std::perror(what);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: trappe_stream_client PORT TARGET BODY_FILE [ANSWER_FILE]\n");
        return 2;
    }
    std::ifstream in(argv[3], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "trappe_stream_client: cannot read %s\n", argv[3]);
        return 2;
    }
    std::string body;
    in.seekg(0, std::ios::end);
    body.resize(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    in.read(body.data(), static_cast<std::streamsize>(body.size()));
    const auto rows = std::count(body.begin(), body.end(), '\n');
    std::FILE* answer = argc > 4 ? std::fopen(argv[4], "wb") : nullptr;
    if (argc > 4 && answer == nullptr) return fail(argv[4]);

    const auto start = std::chrono::steady_clock::now();
    const int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return fail("socket");
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[1])));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(s, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return fail("connect");
    const int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // The head is sent first, then the body from memory.
    const std::string head = std::string("POST ") + argv[2] +
                             " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    std::size_t sent_head = 0, sent = 0, received = 0;
    std::vector<char> buffer(1 << 18);
    std::string tail;  // the last bytes of the answer, for its summary line
    for (;;) {
        const bool sending = sent < body.size();
        pollfd p{s, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
        if (poll(&p, 1, -1) < 0) return fail("poll");
        if ((p.revents & POLLOUT) != 0) {
            ssize_t n = 0;
            if (sent_head < head.size()) {
                n = write(s, head.data() + sent_head, head.size() - sent_head);
                if (n > 0) sent_head += static_cast<std::size_t>(n);
            } else {
                n = write(s, body.data() + sent, std::min<std::size_t>(body.size() - sent, 1 << 20));
                if (n > 0) sent += static_cast<std::size_t>(n);
            }
            if (n < 0) return fail("write");
        }
        if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t n = read(s, buffer.data(), buffer.size());
            if (n < 0) return fail("read");
            if (n == 0) break;
            received += static_cast<std::size_t>(n);
            if (answer != nullptr) std::fwrite(buffer.data(), 1, static_cast<std::size_t>(n), answer);
            tail.append(buffer.data(), static_cast<std::size_t>(n));
            if (tail.size() > 8192) tail.erase(0, tail.size() - 4096);
        }
    }
    close(s);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (answer != nullptr) std::fclose(answer);
    const bool complete = tail.find("\"complete\":true") != std::string::npos;
    std::printf("RESULT rows=%ld seconds=%.3f rows_per_s=%.0f sent=%zu received=%zu complete=%s\n", static_cast<long>(rows),
                seconds, static_cast<double>(rows) / seconds, sent, received, complete ? "yes" : "no");
    return complete ? 0 : 1;
}
