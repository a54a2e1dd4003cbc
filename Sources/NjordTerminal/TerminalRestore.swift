import CNcursesw

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the terminal back when the process crashes: a Swift trap (SIGILL/SIGTRAP), SIGSEGV,
/// SIGBUS, SIGFPE or SIGABRT leaves curses mode first, then dies of the same signal with its
/// default action (so the exit status and core dump stay what they would have been). `endwin` is
/// not async-signal-safe; htop does the same, and a shell left in raw mode is the worse outcome.
/// SIGINT and SIGTERM are the caller's, as a normal stop request.
enum TerminalRestore {
    static func install() {
        for number in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            signal(number, restoreAndDie)
        }
    }
}

private func restoreAndDie(_ number: Int32) {
    endwin()
    signal(number, SIG_DFL)
    raise(number)
}
