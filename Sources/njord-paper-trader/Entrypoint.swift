import NjordApp

/// The paper trader daemon; the same command as `njord paper-trader`.
@main
enum Entrypoint {
    static func main() {
        PaperTraderCommand.main()
    }
}
