import Foundation

/// Finds and reads a theme: a path (`my/theme.yaml`), or a name looked up as
/// `<themes directory>/<name>.yaml`. Never fails: an unreadable or bad file is reported and the
/// defaults stand in for what it could not give.
public enum ThemeLoader {
    public static func load(_ nameOrPath: String, themesDirectory: String) -> (theme: Theme, problems: [ThemeProblem]) {
        let path =
            nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml")
            ? nameOrPath : "\(themesDirectory)/\(nameOrPath).yaml"
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let why = (error as NSError).localizedFailureReason ?? error.localizedDescription
            return (Theme.defaults, [ThemeProblem(file: path, line: 0, kind: .unreadable(why))])
        }
        return ThemeParser.parse(text, file: path)
    }
}
