/// `app:` — which kind of deployment this is.
public struct AppConfig: Sendable, Equatable {
    public var env: AppEnvironment
    /// Names the log file and the metrics of a single-service run; each daemon otherwise uses its own name.
    public var serviceName: String?

    public init(env: AppEnvironment, serviceName: String? = nil) {
        self.env = env
        self.serviceName = serviceName
    }

    static func read(_ r: MappingReader) -> AppConfig? {
        let env: AppEnvironment? = r.word("env")
        let name = r.string("service_name", required: false)
        if let name, !Identifier.isValid(name) {
            r.log.report(r.childPath("service_name"), .invalid("'\(name)' \(Identifier.rule)"))
        }
        r.finish()
        guard let env else { return nil }
        return AppConfig(env: env, serviceName: name)
    }
}

/// The deployment a configuration describes; only `live` can ever send real orders (and only through
/// the live gate, see `TradingMode`).
public enum AppEnvironment: String, Sendable, CaseIterable {
    case dev, paper, live
}

/// Names of services, strategies and symbols: short, lower-case, safe in file names.
enum Identifier {
    static let rule = "must be 1-64 characters of a-z, 0-9, '_' or '-'"

    static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy {
                (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45
            }
    }

    static let symbolRule = "must be an upper-case exchange symbol such as BTCUSDT"

    static func isSymbol(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 32
            && text.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
    }

    /// `[A-Z_][A-Z0-9_]*`: a POSIX environment variable name.
    static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.utf8.first, (65...90).contains(first) || first == 95 else { return false }
        return text.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) || $0 == 95 }
    }
}
