import NjordApp

/// The risk engine daemon; the same command as `njord risk run`.
@main
enum Entrypoint {
    static func main() {
        RiskRunCommand.main()
    }
}
