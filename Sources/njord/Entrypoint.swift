import NjordApp

/// The operator's command line; every subcommand lives in NjordApp.
@main
enum Entrypoint {
    static func main() async {
        await NjordCommand.main()
    }
}
