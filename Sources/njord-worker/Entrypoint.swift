import NjordSweep

/// The sweep worker; the same command as `njord worker`.
@main
enum Entrypoint {
    static func main() {
        WorkerCommand.main()
    }
}
