import NjordApp

/// The operator console; the same command as `njord console`.
@main
enum Entrypoint {
    static func main() {
        ConsoleCommand.main()
    }
}
