import NjordApp

/// The strategy host daemon; the same command as `njord strategies run`.
@main
enum Entrypoint {
    static func main() {
        StrategyHostCommand.main()
    }
}
