import Yams

/// `NJORD_*` environment overrides of scalar keys in `base.yaml`. The variable for a key path is
/// `NJORD_` + the path upper-cased with `.` → `_`: `app.env` → `NJORD_APP_ENV`, `redis.url` →
/// `NJORD_REDIS_URL`, `risk.order_rate.global_burst` → `NJORD_RISK_ORDER_RATE_GLOBAL_BURST`.
/// An empty value counts as unset. Overridden values are validated like values from the file.
public enum EnvironmentOverrides {
    /// Every key path that can be overridden (scalars of base.yaml; lists and strategies cannot).
    public static let keyPaths: [String] = [
        "app.env", "app.service_name",
        "redis.url", "redis.host", "redis.port", "redis.unix_socket", "redis.db", "redis.username_env",
        "redis.password_env", "redis.connect_timeout_ms", "redis.read_timeout_ms",
        "redis.reconnect_max_backoff_ms", "redis.stream_maxlen",
        "paths.log_dir", "paths.journal_dir", "paths.run_dir", "paths.data_dir",
        "venues.default", "venues.sim.seed", "venues.binanceus.ws_url", "venues.binanceus.rest_url",
        "venues.replay.speed",
        "risk.max_order_notional", "risk.max_position_notional_per_symbol", "risk.max_gross_notional",
        "risk.daily_loss_limit", "risk.daily_reset_utc_hour", "risk.order_rate.per_strategy_per_s",
        "risk.order_rate.per_strategy_burst", "risk.order_rate.global_per_s", "risk.order_rate.global_burst",
        "risk.price_band_bps", "risk.stale_data_ms",
        "journal.durability", "journal.group_commit_ms",
        "log.level",
        "paper.maker_fee_bps", "paper.taker_fee_bps", "paper.touch_fill", "paper.starting_cash",
        "latency.cpu_wakeup_us",
    ]

    public static func variableName(for keyPath: String) -> String {
        "NJORD_" + keyPath.uppercased().split(separator: ".").joined(separator: "_")
    }

    /// Redis endpoint forms exclude each other: overriding one drops the others from the file.
    static let displaced: [String: [String]] = [
        "redis.url": ["host", "port", "unix_socket"],
        "redis.unix_socket": ["url", "host", "port"],
        "redis.host": ["url", "unix_socket"],
        "redis.port": ["url", "unix_socket"],
    ]

    /// The document with overrides applied, and key path → variable for each applied override.
    static func apply(to document: Node, environment: [String: String]) -> (Node, [String: String]) {
        var node = document
        var applied: [String: String] = [:]
        for path in keyPaths {
            let name = variableName(for: path)
            guard let value = environment[name], !value.isEmpty else { continue }
            let keys = path.split(separator: ".").map(String.init)
            let scalar = Node.scalar(Node.Scalar(value, .implicit, .plain))
            if let updated = setting(scalar, at: keys[...], in: node, displacing: Set(displaced[path] ?? [])) {
                node = updated
                applied[path] = name
            }
        }
        return (node, applied)
    }

    /// Nil when a parent on the path is not a mapping (the reader then reports that type error).
    private static func setting(
        _ value: Node, at keys: ArraySlice<String>, in node: Node, displacing: Set<String>
    )
        -> Node?
    {
        let mapping: Node.Mapping
        if let existing = node.mapping {
            mapping = existing
        } else if ProblemLog.isNull(node) {
            mapping = Node.Mapping([])
        } else {
            return nil
        }
        guard let key = keys.first else { return nil }
        var pairs = mapping.map { ($0.key, $0.value) }
        if keys.count == 1 {
            pairs.removeAll { displacing.contains($0.0.string ?? "") || $0.0.string == key }
            pairs.append((Node(key), value))
        } else {
            let index = pairs.firstIndex { $0.0.string == key }
            let child = index.map { pairs[$0].1 } ?? Node.scalar(Node.Scalar("", .implicit, .plain))
            guard let updated = setting(value, at: keys.dropFirst(), in: child, displacing: displacing) else {
                return nil
            }
            if let index { pairs[index].1 = updated } else { pairs.append((Node(key), updated)) }
        }
        return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
    }
}
