// A signal flag; see interrupt.hpp.

#include "interrupt.hpp"

#include <signal.h>

#include <csignal>
#include <initializer_list>

namespace trappe::cli {
namespace {

volatile std::sig_atomic_t received = 0;

extern "C" void on_signal(int signal) { received = signal; }

}  // namespace

void catch_interrupts() {
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction old {};
        if (sigaction(signal, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;  // the second signal takes the default action
        sigaction(signal, &action, nullptr);
    }
}

int interrupt_signal() noexcept { return received; }

}  // namespace trappe::cli
