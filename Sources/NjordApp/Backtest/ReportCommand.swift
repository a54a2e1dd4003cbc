public import ArgumentParser
import Foundation

/// `njord report RUN`: prints the absolute path of the run's report.html; `--open` also hands it
/// to `xdg-open` when that is on PATH (and says so when it is not).
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print (and optionally open) a backtest run's report.html.")

    @Argument(help: ArgumentHelp("Run id (folder name under --runs-dir) or run folder path.", valueName: "run"))
    var runReference: String
    @Option(help: "Folder the run folders are in.") var runsDir: String = "var/backtests"
    @Flag(help: "Open the report with xdg-open.") var open = false

    public init() {}

    public func run() throws {
        let folder = try RunFolder.resolve(runReference, runsDir: runsDir)
        guard FileManager.default.fileExists(atPath: folder.reportPath) else {
            throw RunFolderError.noReport(folder.path)
        }
        print(folder.reportPath)
        guard open else { return }
        guard let opener = Self.findOnPath("xdg-open") else {
            FileHandle.standardError.write(Data("xdg-open not found on PATH; open the file above in a browser\n".utf8))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [folder.reportPath]
        try process.run()
    }

    /// The first executable named `name` in the PATH directories.
    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
