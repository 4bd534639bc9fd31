// The limit the batch benchmark (bench/service/stream.sh) is compared with: a
// server that only moves the same bytes. It reads one POST body over loopback
// and answers RATIO bytes for every byte read, as it reads (the service's
// answer is about 0.67 of the body), without parsing or evaluating anything.
// What the service takes beyond this is the cost of its work, not of the network.
//
//   trappe_stream_limit RATIO      prints "listening on port N", serves one request, exits

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

bool write_all(int s, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t w = write(s, data, n);
        if (w <= 0) return false;
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const double ratio = argc > 1 ? std::atof(argv[1]) : 0.67;
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof at;
    if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0 || listen(listener, 1) != 0 ||
        getsockname(listener, reinterpret_cast<sockaddr*>(&at), &size) != 0) {
        std::perror("trappe_stream_limit");
        return 2;
    }
    std::printf("listening on port %d\n", ntohs(at.sin_port));
    std::fflush(stdout);
    const int s = accept(listener, nullptr, nullptr);
    if (s < 0) return 2;

    std::vector<char> buffer(1 << 16);
    const std::vector<char> answer(1 << 16, 'x');
    std::string head;
    std::size_t length = 0, read_body = 0;
    double owed = 0;
    bool answering = false;
    while (!answering || read_body < length) {
        const ssize_t n = read(s, buffer.data(), buffer.size());
        if (n <= 0) break;
        std::size_t body_bytes = static_cast<std::size_t>(n);
        if (!answering) {
            head.append(buffer.data(), static_cast<std::size_t>(n));
            const std::size_t end = head.find("\r\n\r\n");
            if (end == std::string::npos) continue;
            const std::size_t field = head.find("Content-Length: ");
            length = field == std::string::npos ? 0 : std::strtoull(head.c_str() + field + 16, nullptr, 10);
            body_bytes = head.size() - (end + 4);
            answering = true;
            const char* ok = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n";
            if (!write_all(s, ok, std::char_traits<char>::length(ok))) break;
        }
        read_body += body_bytes;
        owed += ratio * static_cast<double>(body_bytes);
        while (owed >= static_cast<double>(answer.size())) {
            if (!write_all(s, answer.data(), answer.size())) return 1;
            owed -= static_cast<double>(answer.size());
        }
    }
    const std::string last = std::string(static_cast<std::size_t>(owed), 'x') + "\n{\"complete\":true}\n";
    write_all(s, last.data(), last.size());
    shutdown(s, SHUT_WR);
    while (read(s, buffer.data(), buffer.size()) > 0) {
    }
    close(s);
    return 0;
}
