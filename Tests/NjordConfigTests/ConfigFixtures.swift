import Foundation
import NjordConfig

/// The shipped files of `config/`, read once, and helpers to break them in one place per test.
enum ConfigFixtures {
    static let directory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config").path

    static func text(_ name: String) -> String {
        (try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)) ?? ""
    }

    static var sources: ConfigSources {
        ConfigSources(
            base: ConfigSource(name: "base.yaml", text: text("base.yaml")),
            strategies: ConfigSource(name: "strategies.yaml", text: text("strategies.yaml")),
            portfolio: ConfigSource(name: "portfolio.yaml", text: text("portfolio.yaml")))
    }

    /// The shipped sources with `old` replaced by `new` in one file; the replaced text must exist.
    static func sources(replacing old: String, with new: String, in file: String) -> ConfigSources {
        var sources = sources
        func edit(_ source: inout ConfigSource) {
            guard source.name == file, let text = source.text else { return }
            precondition(text.contains(old), "fixture text '\(old)' not in \(file)")
            source.text = text.replacingOccurrences(of: old, with: new)
        }
        edit(&sources.base)
        edit(&sources.strategies)
        edit(&sources.portfolio)
        return sources
    }

    /// The problems of loading `sources`; empty when it loads.
    static func problems(_ sources: ConfigSources, environment: [String: String] = [:]) -> [ConfigProblem] {
        do {
            _ = try NjordConfiguration.parse(sources, environment: environment)
            return []
        } catch {
            return error.problems
        }
    }
}
